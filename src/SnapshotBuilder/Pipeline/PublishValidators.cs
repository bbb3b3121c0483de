using Layers.Catalog.Snapshots;
using Layers.Catalog.Tracks;

namespace Layers.SnapshotBuilder.Pipeline;

/// <summary>Why a build must not be announced: a stable code and a sentence for the operator.</summary>
public sealed record Veto(string Code, string Message);

/// <summary>What is about to be published, and what is announced now.</summary>
public sealed record PublishCandidate(IReadOnlyList<Track> Tracks, Manifest? Previous, bool Force)
{
    public int TrendingCount => Tracks.Count(t => t.Trending);
}

/// <summary>A check that can veto a publish (Hollow's validators). A vetoed build announces nothing.</summary>
public interface IPublishValidator
{
    Veto? Validate(PublishCandidate candidate);
}

public sealed class NotEmptyValidator : IPublishValidator
{
    public Veto? Validate(PublishCandidate candidate) =>
        candidate.TrendingCount == 0 ? new Veto("empty", "the build produced no trending tracks") : null;
}

/// <summary>A catalog that lost more than half its tracks since the last snapshot is a broken feed until an operator says otherwise (--force).</summary>
public sealed class ShrinkValidator : IPublishValidator
{
    public Veto? Validate(PublishCandidate candidate)
    {
        if (candidate.Force || candidate.Previous is not { TrackCount: > 0 } previous)
        {
            return null;
        }
        return candidate.TrendingCount * 2L < previous.TrackCount
            ? new Veto("shrunk", $"{candidate.TrendingCount} tracks is less than half of the {previous.TrackCount} in {previous.Version}; rerun with --force if that is right")
            : null;
    }
}

public sealed class UniqueIdsValidator : IPublishValidator
{
    public Veto? Validate(PublishCandidate candidate)
    {
        var duplicate = candidate.Tracks.GroupBy(t => t.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : new Veto("duplicate_ids", $"track id {duplicate.Key} appears {duplicate.Count()} times");
    }
}

/// <summary>Every URL must be the permanent one under the media base (mirroring itself is checked where media is).</summary>
public sealed class PermanentUrlValidator(string mediaBaseUrl) : IPublishValidator
{
    public Veto? Validate(PublishCandidate candidate)
    {
        var wrong = candidate.Tracks.FirstOrDefault(t =>
            t.PreviewUrl != MediaUrls.PreviewUrl(mediaBaseUrl, t.Id) || t.CoverUrl != MediaUrls.CoverUrl(mediaBaseUrl, t.Id));
        return wrong is null ? null : new Veto("url_not_permanent", $"track {wrong.Id} has media URLs outside {mediaBaseUrl}/music/{wrong.Id}/");
    }
}
