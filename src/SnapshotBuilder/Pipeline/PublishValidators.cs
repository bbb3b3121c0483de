using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
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
    ValueTask<Veto?> ValidateAsync(PublishCandidate candidate, CancellationToken cancellationToken);
}

public sealed class NotEmptyValidator : IPublishValidator
{
    public ValueTask<Veto?> ValidateAsync(PublishCandidate candidate, CancellationToken cancellationToken) =>
        ValueTask.FromResult(candidate.TrendingCount == 0 ? new Veto("empty", "the build produced no trending tracks") : null);
}

/// <summary>A catalog that lost more than half its tracks since the last snapshot is a broken feed until an operator says otherwise (--force).</summary>
public sealed class ShrinkValidator : IPublishValidator
{
    public ValueTask<Veto?> ValidateAsync(PublishCandidate candidate, CancellationToken cancellationToken)
    {
        if (candidate.Force || candidate.Previous is not { TrackCount: > 0 } previous)
        {
            return ValueTask.FromResult<Veto?>(null);
        }
        return ValueTask.FromResult(candidate.TrendingCount * 2L < previous.TrackCount
            ? new Veto("shrunk", $"{candidate.TrendingCount} tracks is less than half of the {previous.TrackCount} in {previous.Version}; rerun with --force if that is right")
            : null);
    }
}

public sealed class UniqueIdsValidator : IPublishValidator
{
    public ValueTask<Veto?> ValidateAsync(PublishCandidate candidate, CancellationToken cancellationToken)
    {
        var duplicate = candidate.Tracks.GroupBy(t => t.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return ValueTask.FromResult(duplicate is null ? null : new Veto("duplicate_ids", $"track id {duplicate.Key} appears {duplicate.Count()} times"));
    }
}

/// <summary>Every URL must be the permanent one under the media base (mirroring itself is checked where media is).</summary>
public sealed class PermanentUrlValidator(string mediaBaseUrl) : IPublishValidator
{
    public ValueTask<Veto?> ValidateAsync(PublishCandidate candidate, CancellationToken cancellationToken)
    {
        var wrong = candidate.Tracks.FirstOrDefault(t =>
            t.PreviewUrl != MediaUrls.PreviewUrl(mediaBaseUrl, t.Id) || t.CoverUrl != MediaUrls.CoverUrl(mediaBaseUrl, t.Id));
        return ValueTask.FromResult(wrong is null ? null : new Veto("url_not_permanent", $"track {wrong.Id} has media URLs outside {mediaBaseUrl}/music/{wrong.Id}/"));
    }
}

/// <summary>Every published URL must have its object in the media store: checked there, not taken on trust.</summary>
public sealed class MirroredMediaValidator(IObjectStore mediaStore, int concurrency) : IPublishValidator
{
    public async ValueTask<Veto?> ValidateAsync(PublishCandidate candidate, CancellationToken cancellationToken)
    {
        var missing = new System.Collections.Concurrent.ConcurrentBag<string>();
        var keys = candidate.Tracks.SelectMany(t => new[] { MediaUrls.PreviewKey(t.Id), MediaUrls.CoverKey(t.Id) });
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (key, token) =>
        {
            if (!await mediaStore.ExistsAsync(key, token))
            {
                missing.Add(key);
            }
        });
        return missing.IsEmpty ? null : new Veto("media_not_mirrored", $"{missing.Count} media objects are missing from the media store, e.g. {missing.First()}");
    }
}
