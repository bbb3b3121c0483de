using Layers.Catalog.Tracks;

namespace Layers.SnapshotBuilder.Pipeline.Stages;

/// <summary>The catalog to check and publish: every resolvable track (trending, then retained), and the retention state to save once it is announced.</summary>
public sealed record AssembledCatalog(List<Track> Tracks, Retention.Update Retention);

/// <summary>
/// docs/contract/builder.md, step 6: the trending tracks get their ids and permanent media URLs, and the tracks seen in
/// the last 30 days that left the list are added back, <c>trending:false</c> (<see cref="Retention"/>). Drops nothing.
/// </summary>
public sealed class RetainStage(Retention retention, string mediaBaseUrl, TimeProvider clock) : IBuildStage<IReadOnlyList<Candidate>, AssembledCatalog>
{
    public string Name => "retain";

    public async ValueTask<StageResult<AssembledCatalog>> RunAsync(IReadOnlyList<Candidate> trending, CancellationToken cancellationToken)
    {
        var seen = await retention.LoadAsync(cancellationToken);
        var (tracks, state) = Retention.Merge(trending, seen.Tracks, clock.GetUtcNow(), mediaBaseUrl);
        return new StageResult<AssembledCatalog>(new AssembledCatalog(tracks, new Retention.Update(state, seen.ETag)), trending.Count, tracks.Count, new Drops());
    }
}
