using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Layers.PublishClient;

/// <summary>How the post is published to TikTok (docs/contract/publish-client.md).</summary>
public enum PublishTargetMode
{
    /// <summary>TikTok direct photo publish: the API needs a Commercial Music Library id the catalog does not carry, so music is always automatic.</summary>
    Publish,

    /// <summary>Managed publishing: a picked track is passed as its TikTok music link.</summary>
    Managed,
}

/// <summary>The music part of the payload a publish target needs: either <c>{"auto_add_music":true}</c> or <c>{"tiktokMusicLink":"…"}</c>.</summary>
public sealed record TikTokMusicPayload
{
    private TikTokMusicPayload(bool autoAddMusic, string? link)
    {
        AutoAddMusic = autoAddMusic;
        TikTokMusicLink = link;
    }

    /// <summary>Let TikTok choose the music.</summary>
    public static TikTokMusicPayload Auto { get; } = new(true, null);

    /// <summary>True for <c>{"auto_add_music":true}</c>.</summary>
    public bool AutoAddMusic { get; }

    /// <summary>The track's TikTok music link, verbatim; null for <see cref="Auto"/>.</summary>
    public string? TikTokMusicLink { get; }

    /// <summary>A payload that names a track by its link.</summary>
    public static TikTokMusicPayload ForLink(string link) => new(false, link ?? throw new ArgumentNullException(nameof(link)));

    /// <summary>The payload as the publisher sends it: <c>{"auto_add_music":true}</c> or <c>{"tiktokMusicLink":"…"}</c>.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (TikTokMusicLink is null)
            {
                writer.WriteBoolean("auto_add_music", true);
            }
            else
            {
                writer.WriteString("tiktokMusicLink", TikTokMusicLink);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>
/// A <c>tiktokMusic.trackId</c> that cannot be resolved. It is never silently replaced by automatic music.
/// Codes: <c>INVALID_TRACK_ID</c> (not a UUID), <c>UNKNOWN_TRACK</c> (neither trending nor seen in the last 30 days).
/// </summary>
public sealed class TrackResolutionException(string code, string trackId, string message)
    : CatalogClientException(code, message)
{
    /// <summary>The trackId as given.</summary>
    public string TrackId { get; } = trackId;
}

/// <summary>
/// Resolves <c>tiktokMusic.trackId</c> on <c>POST /v1/content/:id/schedule|publish</c> into the payload for the target
/// (docs/contract/publish-client.md):
/// <list type="bullet">
/// <item><see cref="PublishTargetMode.Publish"/>: <c>{"auto_add_music":true}</c>, whatever was picked.</item>
/// <item><see cref="PublishTargetMode.Managed"/> with a track: <c>{"tiktokMusicLink":"…"}</c>, verbatim.</item>
/// <item><see cref="PublishTargetMode.Managed"/> without one: <c>{"auto_add_music":true}</c>.</item>
/// </list>
/// A trackId that is given is always checked, in both modes: a malformed or unknown one is a
/// <see cref="TrackResolutionException"/>, so a bad pick is reported instead of degrading silently.
/// </summary>
public sealed class TikTokMusicResolver(TikTokMusicCatalogClient catalog)
{
    /// <summary>Error code for a trackId that is not a UUID.</summary>
    public const string InvalidTrackId = "INVALID_TRACK_ID";

    /// <summary>Error code for a trackId the catalog does not know.</summary>
    public const string UnknownTrack = "UNKNOWN_TRACK";

    /// <summary>Resolves a picked track (or none: <paramref name="trackId"/> null) for <paramref name="mode"/>.</summary>
    /// <exception cref="TrackResolutionException">The trackId is malformed or unknown.</exception>
    /// <exception cref="CatalogClientException">The catalog could not be asked (401, 403, unavailable).</exception>
    public async Task<TikTokMusicPayload> ResolveAsync(PublishTargetMode mode, string? trackId, CancellationToken cancellationToken = default)
    {
        if (trackId is null)
        {
            return TikTokMusicPayload.Auto;
        }
        if (!TrackIds.IsWellFormed(trackId))
        {
            throw new TrackResolutionException(InvalidTrackId, trackId, $"tiktokMusic.trackId '{trackId}' is not a track id (a UUID)");
        }
        var detail = await catalog.GetTrackDetailAsync(trackId, cancellationToken)
            ?? throw new TrackResolutionException(UnknownTrack, trackId, $"tiktokMusic.trackId '{trackId}' is not in the catalog (neither trending nor seen in the last 30 days)");
        return mode == PublishTargetMode.Managed ? TikTokMusicPayload.ForLink(detail.TikTokMusicLink) : TikTokMusicPayload.Auto;
    }
}
