using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Layers.Catalog.Tracks;

/// <summary>
/// The public JSON of tracks, byte for byte (docs/contract/http-api.md): fields in the contract's order, compact, and
/// no HTML escaping ("Mae &amp; Co" stays "Mae &amp; Co"; responses are application/json with nosniff).
/// Written once per snapshot by the builder; nothing serializes a track on the request path.
/// </summary>
public static class TrackJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonEncodedText TracksName = JsonEncodedText.Encode("tracks");
    private static readonly JsonEncodedText TotalName = JsonEncodedText.Encode("total");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TitleName = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText AuthorName = JsonEncodedText.Encode("author");
    private static readonly JsonEncodedText AlbumName = JsonEncodedText.Encode("album");
    private static readonly JsonEncodedText DurationName = JsonEncodedText.Encode("duration");
    private static readonly JsonEncodedText PreviewUrlName = JsonEncodedText.Encode("previewUrl");
    private static readonly JsonEncodedText CoverUrlName = JsonEncodedText.Encode("coverUrl");
    private static readonly JsonEncodedText LanguageName = JsonEncodedText.Encode("language");
    private static readonly JsonEncodedText UserCountName = JsonEncodedText.Encode("userCount");
    private static readonly JsonEncodedText IsCommerceMusicName = JsonEncodedText.Encode("isCommerceMusic");
    private static readonly JsonEncodedText TikTokMusicLinkName = JsonEncodedText.Encode("tiktokMusicLink");
    private static readonly JsonEncodedText TrendingName = JsonEncodedText.Encode("trending");

    /// <summary>The body of GET /v1/tiktok-music: <c>{"tracks":[…],"total":N}</c>, tracks in the order given.</summary>
    public static byte[] ListBody(IReadOnlyList<Track> tracks)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + tracks.Count * 420);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(TracksName);
            foreach (var track in tracks)
            {
                writer.WriteStartObject();
                WriteListFields(writer, track);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteNumber(TotalName, tracks.Count);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The body of GET /v1/tiktok-music/{id}: the list fields, then tiktokMusicLink and trending.</summary>
    public static byte[] DetailBody(Track track)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            WriteListFields(writer, track);
            writer.WriteString(TikTokMusicLinkName, track.TikTokMusicLink);
            writer.WriteBoolean(TrendingName, track.Trending);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteListFields(Utf8JsonWriter writer, Track track)
    {
        writer.WriteString(IdName, track.Id);
        writer.WriteString(TitleName, track.Title);
        writer.WriteString(AuthorName, track.Author);
        writer.WriteString(AlbumName, track.Album);
        writer.WriteNumber(DurationName, track.Duration);
        writer.WriteString(PreviewUrlName, track.PreviewUrl);
        writer.WriteString(CoverUrlName, track.CoverUrl);
        writer.WriteString(LanguageName, track.Language);
        writer.WriteNumber(UserCountName, track.UserCount);
        writer.WriteBoolean(IsCommerceMusicName, track.IsCommerceMusic);
    }
}
