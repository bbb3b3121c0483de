using Layers.Catalog.Tracks;

namespace Layers.SnapshotBuilder.Pipeline;

/// <summary>
/// What the builder knows of a track apart from where its media lives: the fields a catalog <see cref="Track"/>
/// takes from its feed item, validated and normalized. Declared once, by name: a <see cref="Candidate"/> is these
/// plus its feed media locations, a <see cref="Retention.Seen"/> these plus when it was last seen, and
/// <see cref="ToTrack"/> is the builder's one way to a <see cref="Track"/>.
/// </summary>
public abstract record TrackFacts
{
    public required string MusicId
    {
        get;
        init
        {
            field = value;
            Id = TrackIds.FromTikTokMusicId(value);
        }
    }

    public required string Title { get; init; }
    public required string Author { get; init; }
    public required string Album { get; init; }
    public required int Duration { get; init; }
    public required string Language { get; init; }
    public required long UserCount { get; init; }
    public required bool IsCommerceMusic { get; init; }

    /// <summary>The song's page on TikTok (<see cref="Track.TikTokMusicLink"/>).</summary>
    public required string Link { get; init; }

    /// <summary>
    /// The stable track id (<see cref="TrackIds"/>): set with <see cref="MusicId"/> (by a <c>with</c> too), so the two
    /// never disagree, and hashed once rather than on each of its several reads per track.
    /// </summary>
    public string Id { get; private init; } = "";

    /// <summary>The catalog track, its media at the permanent URLs under <paramref name="mediaBaseUrl"/>.</summary>
    public Track ToTrack(string mediaBaseUrl, bool trending)
    {
        string id = Id;
        return new Track(
            Id: id,
            MusicId: MusicId,
            Title: Title,
            Author: Author,
            Album: Album,
            Duration: Duration,
            PreviewUrl: MediaUrls.PreviewUrl(mediaBaseUrl, id),
            CoverUrl: MediaUrls.CoverUrl(mediaBaseUrl, id),
            Language: Language,
            UserCount: UserCount,
            IsCommerceMusic: IsCommerceMusic,
            TikTokMusicLink: Link,
            Trending: trending);
    }
}
