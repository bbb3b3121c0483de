using System.Globalization;
using System.Text.Json;

namespace Layers.SnapshotBuilder.Feed.Formats;

/// <summary>
/// <c>tiktok-cml</c> (docs/contract/feed-formats.md): an entry of TikTok API for Business's Commercial Music Library trending list.
/// Album and language are <c>""</c>, <c>isCommerceMusic</c> is true (the library is commercial music by definition),
/// and <c>userCount</c> is the <c>views_daily</c> of the latest <c>date</c> in <c>trending_history</c>, wherever it
/// stands in the array (0 without a history).
/// </summary>
internal sealed class TikTokCmlFormat : IItemFormat
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd"];

    public SourceFormat Format => SourceFormat.TikTokCml;

    public bool Recognizes(JsonElement item) => item.TryGetProperty("commercial_music_id", out _);

    public FeedRecord ToLayers(FeedRecord record)
    {
        var item = record.Item;
        if (item.ValueKind != JsonValueKind.Object)
        {
            return record;
        }
        var (id, reason) = LayersItemWriter.MusicId(item, "commercial_music_id");
        if (id is null)
        {
            return record with { InvalidReason = reason };
        }
        if (LayersItemWriter.TryGet(item, "rank_position", out var rank) && !IsInteger(rank))
        {
            return record with { InvalidReason = "bad_type:rank_position" };
        }

        using var writer = new LayersItemWriter();
        writer.String("musicId", id);
        writer.Copy("title", item, "commercial_music_name");
        writer.Copy("author", item, "artist");
        writer.String("album", "");
        writer.Integer("duration", LayersItemWriter.TryGet(item, "duration", out var duration) ? duration : null);
        writer.Urls("playUrl", item, "preview_url");
        writer.Urls("coverUrl", item, "thumbnail_url");
        writer.String("language", "");
        if (LatestViews(item) is { } views)
        {
            writer.Integer("userCount", views);
        }
        else
        {
            writer.Number("userCount", 0);
        }
        writer.Boolean("isCommerceMusic", true);
        writer.String("link", LayersItemWriter.DefaultLink(id));
        return writer.ToRecord(record);
    }

    private static bool IsInteger(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out _)
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>The <c>views_daily</c> of the entry with the latest date; entries without a readable date do not count.</summary>
    private static JsonElement? LatestViews(JsonElement item)
    {
        if (!LayersItemWriter.TryGet(item, "trending_history", out var history) || history.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        DateOnly? latest = null;
        JsonElement? views = null;
        foreach (var day in history.EnumerateArray())
        {
            if (day.ValueKind == JsonValueKind.Object && day.TryGetProperty("date", out var dateValue) && Date(dateValue) is { } date && (latest is null || date > latest))
            {
                latest = date;
                views = LayersItemWriter.TryGet(day, "views_daily", out var v) ? v : null;
            }
        }
        return views;
    }

    private static DateOnly? Date(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when DateOnly.TryParseExact(value.GetString(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
        JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment) => DateOnly.FromDateTime(moment.UtcDateTime),
        JsonValueKind.Number when value.TryGetInt64(out long unix) && unix is > 0 and < 100_000_000_000 => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime),
        _ => null,
    };
}
