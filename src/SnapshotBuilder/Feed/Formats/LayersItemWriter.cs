using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Layers.SnapshotBuilder.Feed.Formats;

/// <summary>
/// Builds a Layers item from an upstream object's fields. Values are copied as they are (a wrong type stays
/// wrong, for the validator to name), except where TikTok is known to send either form: integers given as
/// strings of digits become numbers, and URL lists become arrays tried in order.
/// </summary>
internal sealed class LayersItemWriter : IDisposable
{
    /// <summary>2^53: the largest integer every JSON parser (a double) holds exactly.</summary>
    private static readonly BigInteger MaxSafeInteger = BigInteger.Pow(2, 53);

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;

    public LayersItemWriter()
    {
        _json = new Utf8JsonWriter(_buffer);
        _json.WriteStartObject();
    }

    public void String(string name, string value) => _json.WriteString(name, value);

    public void Boolean(string name, bool value) => _json.WriteBoolean(name, value);

    public void Number(string name, long value) => _json.WriteNumber(name, value);

    /// <summary>The first of <paramref name="sources"/> that the object has (and is not null), as it is.</summary>
    public void Copy(string name, JsonElement item, params ReadOnlySpan<string> sources)
    {
        foreach (string source in sources)
        {
            if (TryGet(item, source, out var value))
            {
                _json.WritePropertyName(name);
                value.WriteTo(_json);
                return;
            }
        }
    }

    /// <summary>An integer that may come as a number or as a string of digits.</summary>
    public void Integer(string name, JsonElement? value)
    {
        if (value is not { } v)
        {
            return;
        }
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
        {
            _json.WriteNumber(name, parsed);
            return;
        }
        _json.WritePropertyName(name);
        v.WriteTo(_json);
    }

    /// <summary>
    /// Every URL the values hold, in order, each once: a value may be a URL string, an array of them, or TikTok's
    /// <c>{"uri":…,"url_list":[…]}</c>. Written as an array (none found among present values: an empty one, which
    /// the validator calls empty; no value present: nothing, which it calls missing).
    /// </summary>
    public void Urls(string name, JsonElement item, params ReadOnlySpan<string> sources)
    {
        var urls = new List<string>();
        bool present = false;
        foreach (string source in sources)
        {
            if (TryGet(item, source, out var value))
            {
                present = true;
                AddUrls(value, urls);
            }
        }
        if (!present)
        {
            return;
        }
        _json.WriteStartArray(name);
        foreach (string url in urls.Distinct(StringComparer.Ordinal))
        {
            _json.WriteStringValue(url);
        }
        _json.WriteEndArray();
    }

    private static void AddUrls(JsonElement value, List<string> urls)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when value.GetString() is { Length: > 0 } url:
                urls.Add(url);
                break;
            case JsonValueKind.Array:
                foreach (var entry in value.EnumerateArray())
                {
                    if (entry.ValueKind == JsonValueKind.String && entry.GetString() is { Length: > 0 } url)
                    {
                        urls.Add(url);
                    }
                }
                break;
            case JsonValueKind.Object when value.TryGetProperty("url_list", out var list):
                AddUrls(list, urls);
                break;
        }
    }

    public FeedRecord ToRecord(FeedRecord record)
    {
        _json.WriteEndObject();
        _json.Flush();
        using var document = JsonDocument.Parse(_buffer.WrittenMemory);
        return record with { Item = document.RootElement.Clone() };
    }

    public void Dispose() => _json.Dispose();

    public static bool TryGet(JsonElement item, string name, out JsonElement value) =>
        item.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>
    /// The object's music id: the first string among <paramref name="names"/>; failing that a JSON number, trusted only
    /// up to 2^53 (larger ones have been rounded by some JSON encoder on the way: <c>unsafe_numeric_id</c>).
    /// </summary>
    public static (string? Id, string? Reason) MusicId(JsonElement item, params ReadOnlySpan<string> names)
    {
        JsonElement? number = null;
        foreach (string name in names)
        {
            if (TryGet(item, name, out var value))
            {
                if (value.ValueKind == JsonValueKind.String)
                {
                    return (value.GetString(), null);
                }
                number ??= value;
            }
        }
        if (number is not { } n)
        {
            return (null, "missing_field:musicId");
        }
        if (n.ValueKind != JsonValueKind.Number || !BigInteger.TryParse(n.GetRawText(), NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
        {
            return (null, "bad_type:musicId");
        }
        return integer > MaxSafeInteger ? (null, "unsafe_numeric_id") : (integer.ToString(CultureInfo.InvariantCulture), null);
    }

    /// <summary>docs/contract/feed-formats.md: a track's link when the object carries no share URL.</summary>
    public static string DefaultLink(string musicId) => $"https://www.tiktok.com/music/x-{Uri.EscapeDataString(musicId)}";
}
