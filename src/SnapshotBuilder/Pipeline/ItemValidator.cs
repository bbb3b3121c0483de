using System.Text.Json;

namespace Layers.SnapshotBuilder.Pipeline;

/// <summary>Either a candidate or why the item was dropped: a stable reason token, e.g. <c>missing_field:title</c>.</summary>
public readonly record struct ItemValidation(Candidate? Candidate, string? Reason)
{
    public static ItemValidation Invalid(string reason) => new(null, reason);
}

/// <summary>
/// Validates and normalizes one feed item (docs/contract/feed-formats.md; docs/contract/builder.md, step 2). Required: musicId, title, author,
/// duration, playUrl, coverUrl, userCount, link. Optional: album (""), language (""), isCommerceMusic
/// (false: unknown licensing is treated as not licensed). A wrong type is invalid, never coerced. playUrl and
/// coverUrl may be one location or an array of them (a TikTok URL list, tried in order), each of which must be valid.
/// </summary>
public sealed class ItemValidator(string? localMediaRoot)
{
    public const int MaxTextLength = 300;
    public const int MaxMusicIdLength = 64;
    public const int MaxDurationSeconds = 24 * 3600;

    /// <summary>Locations kept of one URL list: TikTok's hold two or three.</summary>
    public const int MaxLocations = 8;

    public ItemValidation Validate(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return ItemValidation.Invalid("not_an_object");
        }
        string? reason = null;
        string musicId = RequiredText(item, "musicId", MaxMusicIdLength, ref reason);
        string title = RequiredText(item, "title", MaxTextLength, ref reason);
        string author = RequiredText(item, "author", MaxTextLength, ref reason);
        string album = OptionalText(item, "album", MaxTextLength, ref reason);
        int duration = Duration(item, ref reason);
        var playUrls = MediaLocations(item, "playUrl", ref reason);
        var coverUrls = MediaLocations(item, "coverUrl", ref reason);
        string language = LanguageCodes.Normalize(OptionalText(item, "language", MaxTextLength, ref reason));
        long userCount = UserCount(item, ref reason);
        bool commerce = OptionalBoolean(item, "isCommerceMusic", ref reason);
        string link = WebLink(item, "link", ref reason);
        if (reason is null && musicId.Any(char.IsWhiteSpace))
        {
            reason = "bad_value:musicId";
        }
        return reason is not null
            ? ItemValidation.Invalid(reason)
            : new ItemValidation(new Candidate
            {
                MusicId = musicId,
                Title = title,
                Author = author,
                Album = album,
                Duration = duration,
                Language = language,
                UserCount = userCount,
                IsCommerceMusic = commerce,
                Link = link,
                PlayUrl = playUrls[0],
                CoverUrl = coverUrls[0],
                PlayUrlAlternates = Alternates(playUrls),
                CoverUrlAlternates = Alternates(coverUrls),
            }, null);
    }

    private static bool TryGet(JsonElement item, string name, out JsonElement value) =>
        item.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string RequiredText(JsonElement item, string name, int maxLength, ref string? reason)
    {
        if (!TryGet(item, name, out var value))
        {
            reason ??= $"missing_field:{name}";
            return "";
        }
        string text = Text(value, name, maxLength, ref reason);
        if (text.Length == 0)
        {
            reason ??= $"empty_field:{name}";
        }
        return text;
    }

    private static string OptionalText(JsonElement item, string name, int maxLength, ref string? reason) =>
        TryGet(item, name, out var value) ? Text(value, name, maxLength, ref reason) : "";

    private static string Text(JsonElement value, string name, int maxLength, ref string? reason)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            reason ??= $"bad_type:{name}";
            return "";
        }
        string text = TextNormalizer.Normalize(value.GetString()!);
        if (text.Length > maxLength)
        {
            reason ??= $"too_long:{name}";
        }
        return text;
    }

    private static int Duration(JsonElement item, ref string? reason)
    {
        if (!TryGet(item, "duration", out var value))
        {
            reason ??= "missing_field:duration";
            return 0;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double seconds) || !double.IsFinite(seconds))
        {
            reason ??= "bad_type:duration";
            return 0;
        }
        // Rounded to the nearest second (halves away from zero); what rounds to 0 s is not a track.
        double rounded = Math.Round(seconds, MidpointRounding.AwayFromZero);
        if (rounded <= 0)
        {
            reason ??= "non_positive_duration";
            return 0;
        }
        if (rounded > MaxDurationSeconds)
        {
            reason ??= "bad_value:duration";
            return 0;
        }
        return (int)rounded;
    }

    private static long UserCount(JsonElement item, ref string? reason)
    {
        if (!TryGet(item, "userCount", out var value))
        {
            reason ??= "missing_field:userCount";
            return 0;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long count))
        {
            reason ??= "bad_type:userCount";
            return 0;
        }
        if (count < 0)
        {
            reason ??= "negative_count:userCount";
        }
        return count;
    }

    private static bool OptionalBoolean(JsonElement item, string name, ref string? reason)
    {
        if (!TryGet(item, name, out var value))
        {
            return false;
        }
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            reason ??= $"bad_type:{name}";
            return false;
        }
        return value.GetBoolean();
    }

    private static string WebLink(JsonElement item, string name, ref string? reason)
    {
        string text = RequiredText(item, name, 2048, ref reason);
        if (text.Length > 0 && !IsWebUrl(text))
        {
            reason ??= $"bad_url:{name}";
        }
        return text;
    }

    private static IReadOnlyList<string>? Alternates(List<string> locations) => locations.Count > 1 ? locations[1..] : null;

    /// <summary>One location, or a non-empty array of them; never an empty list (a failed one holds "").</summary>
    private List<string> MediaLocations(JsonElement item, string name, ref string? reason)
    {
        if (!TryGet(item, name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return [MediaLocation(RequiredText(item, name, 2048, ref reason), name, ref reason)];
        }
        var locations = new List<string>();
        foreach (var entry in value.EnumerateArray().Take(MaxLocations))
        {
            string text = Text(entry, name, 2048, ref reason);
            locations.Add(MediaLocation(text, name, ref reason));
            if (text.Length == 0)
            {
                reason ??= $"empty_field:{name}";
            }
        }
        if (locations.Count == 0)
        {
            reason ??= $"empty_field:{name}";
            return [""];
        }
        return locations;
    }

    /// <summary>An absolute http(s) URL; in a local feed also a path relative to the feed file.</summary>
    private string MediaLocation(string text, string name, ref string? reason)
    {
        if (text.Length == 0)
        {
            return text;
        }
        if (IsWebUrl(text))
        {
            return text;
        }
        bool relativePath = localMediaRoot is not null && !text.Contains("://", StringComparison.Ordinal) && !Path.IsPathRooted(text)
            && text.IndexOfAny(Path.GetInvalidPathChars()) < 0;
        if (!relativePath)
        {
            reason ??= $"bad_url:{name}";
            return "";
        }
        return Path.GetFullPath(Path.Combine(localMediaRoot!, text));
    }

    private static bool IsWebUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0;
}
