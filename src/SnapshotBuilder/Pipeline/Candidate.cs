namespace Layers.SnapshotBuilder.Pipeline;

/// <summary>
/// A feed item that passed validation: its <see cref="TrackFacts"/> and its media locations, still the feed's:
/// <see cref="PlayUrl"/> and <see cref="CoverUrl"/> first, then their alternates (the rest of a TikTok URL list),
/// tried in that order.
/// </summary>
public sealed record Candidate : TrackFacts
{
    public required string PlayUrl { get; init; }
    public required string CoverUrl { get; init; }
    public IReadOnlyList<string>? PlayUrlAlternates { get; init; }
    public IReadOnlyList<string>? CoverUrlAlternates { get; init; }

    public IEnumerable<string> PlayUrls => [PlayUrl, .. PlayUrlAlternates ?? []];

    public IEnumerable<string> CoverUrls => [CoverUrl, .. CoverUrlAlternates ?? []];
}
