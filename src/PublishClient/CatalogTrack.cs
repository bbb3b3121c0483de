namespace Layers.PublishClient;

/// <summary>A track of the Layers TikTok music catalog, as <c>GET /v1/tiktok-music</c> lists it.</summary>
/// <param name="Id">Stable UUID of the track: the same TikTok track keeps it across refreshes.</param>
/// <param name="Title">Display title.</param>
/// <param name="Author">Display artist.</param>
/// <param name="Album">Album; may be empty.</param>
/// <param name="Duration">Length in whole seconds.</param>
/// <param name="PreviewUrl">Permanent URL of the MP3 preview.</param>
/// <param name="CoverUrl">Permanent URL of the cover image.</param>
/// <param name="Language">ISO 639-1 code, or empty.</param>
/// <param name="UserCount">Popularity; the catalog is sorted by it, descending.</param>
/// <param name="IsCommerceMusic">Whether the track is in TikTok's Commercial Music Library.</param>
public sealed record CatalogTrack(
    string Id,
    string Title,
    string Author,
    string Album,
    int Duration,
    string PreviewUrl,
    string CoverUrl,
    string Language,
    long UserCount,
    bool IsCommerceMusic);

/// <summary>
/// One track as <c>GET /v1/tiktok-music/{id}</c> returns it: the list fields plus the TikTok music link and
/// whether the track is still trending (a track seen in the last 30 days stays resolvable).
/// </summary>
/// <param name="Track">The list fields.</param>
/// <param name="TikTokMusicLink">The TikTok music page, used verbatim by managed publishing.</param>
/// <param name="Trending">False for a track that has left the trending list but is still resolvable.</param>
public sealed record CatalogTrackDetail(CatalogTrack Track, string TikTokMusicLink, bool Trending);

/// <summary>A catalog as last fetched: its tracks in catalog order, and the ETag it was served under.</summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<string, CatalogTrack> _byId;

    internal CatalogSnapshot(IReadOnlyList<CatalogTrack> tracks, string etag, DateTimeOffset fetchedAt)
    {
        Tracks = tracks;
        ETag = etag;
        FetchedAt = fetchedAt;
        _byId = new Dictionary<string, CatalogTrack>(tracks.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var track in tracks)
        {
            _byId[track.Id] = track;
        }
    }

    /// <summary>The trending tracks, most popular first.</summary>
    public IReadOnlyList<CatalogTrack> Tracks { get; }

    /// <summary>The entity tag the catalog was served under; sent back as <c>If-None-Match</c>.</summary>
    public string ETag { get; }

    /// <summary>When this catalog was fetched (or last confirmed unchanged by a 304).</summary>
    public DateTimeOffset FetchedAt { get; }

    /// <summary>Looks a track up by id in this catalog (case-insensitive).</summary>
    public bool TryGetTrack(string id, out CatalogTrack track) => _byId.TryGetValue(id, out track!);

    internal CatalogSnapshot Confirmed(DateTimeOffset at) => new(Tracks, ETag, at);
}
