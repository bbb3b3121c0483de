using System.Text.Json;
using Layers.SnapshotBuilder.Pipeline;

namespace Layers.SnapshotBuilder.Feed.Formats;

/// <summary>
/// <c>tiktok-music</c> (docs/contract/feed-formats.md): TikTok's own music object, in the app API's snake_case shape (<c>id_str</c>,
/// <c>play_url.url_list</c>, <c>cover_large|medium|thumb.url_list</c>, <c>user_count</c>, <c>is_commerce_music</c>)
/// or the web's camelCase one (<c>id</c>, <c>authorName</c>, <c>playUrl</c>, <c>coverLarge|Medium|Thumb</c>,
/// <c>stats.videoCount</c> or <c>userCount</c>, <c>isCommerceMusic</c>); also the web's <c>{"music":{…},"stats":{…}}</c>
/// pair, whose counts sit beside the music object.
/// </summary>
internal sealed class TikTokMusicFormat : IItemFormat
{
    private static readonly string[] AppFields = ["id_str", "play_url", "cover_large", "cover_medium", "cover_thumb", "user_count", "is_commerce_music"];
    private static readonly string[] WebFields = ["authorName", "playUrl", "coverLarge", "coverMedium", "coverThumb", "stats", "isCommerceMusic"];

    public SourceFormat Format => SourceFormat.TikTokMusic;

    public bool Recognizes(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && !item.TryGetProperty("musicId", out _)
        && (AppFields.Any(f => item.TryGetProperty(f, out _))
            || (item.TryGetProperty("id", out _) && WebFields.Any(f => item.TryGetProperty(f, out _)))
            || (MusicOf(item) is { } music && Recognizes(music)));

    public FeedRecord ToLayers(FeedRecord record)
    {
        var item = record.Item;
        if (item.ValueKind != JsonValueKind.Object)
        {
            return record;
        }
        var counts = item;
        if (MusicOf(item) is { } music)
        {
            item = music;
        }
        var (id, reason) = LayersItemWriter.MusicId(item, "id_str", "idStr", "id");
        if (id is null)
        {
            return record with { InvalidReason = reason };
        }

        using var writer = new LayersItemWriter();
        writer.String("musicId", id);
        writer.Copy("title", item, "title");
        writer.Copy("author", item, "authorName", "author");
        writer.Copy("album", item, "album");
        writer.Integer("duration", Field(item, "duration") ?? Field(item, "shoot_duration"));
        writer.Urls("playUrl", item, "play_url", "playUrl");
        writer.Urls("coverUrl", item, "cover_large", "cover_medium", "cover_thumb", "coverLarge", "coverMedium", "coverThumb");
        writer.Integer("userCount", Field(item, "user_count") ?? Field(counts, "stats", "videoCount") ?? Field(item, "stats", "videoCount") ?? Field(item, "userCount"));
        writer.Copy("isCommerceMusic", item, "is_commerce_music", "isCommerceMusic");
        if (Field(item, "language") is { } language)
        {
            if (language.ValueKind == JsonValueKind.String)
            {
                writer.String("language", LanguageCodes.FromCodeOrEnglishName(language.GetString()));
            }
            else
            {
                writer.Copy("language", item, "language");
            }
        }
        writer.String("link", ShareUrl(item) ?? LayersItemWriter.DefaultLink(id));
        return writer.ToRecord(record);
    }

    /// <summary>The music object of the web's <c>{"music":{…},"stats":{…}}</c> pair (an object with no id of its own).</summary>
    private static JsonElement? MusicOf(JsonElement item) =>
        item.TryGetProperty("music", out var music) && music.ValueKind == JsonValueKind.Object
        && !item.TryGetProperty("id", out _) && !item.TryGetProperty("id_str", out _) ? music : null;

    private static JsonElement? Field(JsonElement item, params ReadOnlySpan<string> path)
    {
        var current = item;
        foreach (string name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !LayersItemWriter.TryGet(current, name, out current))
            {
                return null;
            }
        }
        return current;
    }

    /// <summary>
    /// The object's own share link, when it is an https link on tiktok.com. Its query is dropped: TikTok's share
    /// links carry the sharing account's tracking ids, which do not belong in a public catalog.
    /// </summary>
    private static string? ShareUrl(JsonElement item)
    {
        var value = Field(item, "share_info", "share_url") ?? Field(item, "share_url") ?? Field(item, "shareUrl");
        if (value is not { ValueKind: JsonValueKind.String } text || !Uri.TryCreate(text.GetString(), UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttps || !(uri.Host == "tiktok.com" || uri.Host.EndsWith(".tiktok.com", StringComparison.Ordinal)))
        {
            return null;
        }
        return uri.GetLeftPart(UriPartial.Path);
    }
}
