namespace Layers.Catalog.Tracks;

/// <summary>
/// One catalog track, already validated and normalized. <see cref="Id"/> is the lower-case UUIDv5 of
/// <see cref="MusicId"/> (see <see cref="TrackIds"/>); the URLs are the permanent mirrored ones.
/// <see cref="Trending"/> is false for a track kept only so that scheduled posts still resolve it.
/// </summary>
public sealed record Track(
    string Id,
    string MusicId,
    string Title,
    string Author,
    string Album,
    int Duration,
    string PreviewUrl,
    string CoverUrl,
    string Language,
    long UserCount,
    bool IsCommerceMusic,
    string TikTokMusicLink,
    bool Trending);
