using Layers.SnapshotBuilder.Media;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Pipeline.Stages;

/// <summary>
/// docs/contract/builder.md, step 5: mirrors and volume-checks every candidate (<see cref="MediaMirror"/>), a bounded
/// number at a time; hands on those that passed, in input order. What it cost is added to <paramref name="work"/>.
/// </summary>
public sealed class MediaStage(MediaMirror mirror, int concurrency, WorkCounts work, IBuildLog log) : IBuildStage<IReadOnlyList<Candidate>, List<Candidate>>
{
    public string Name => "media";

    public async ValueTask<StageResult<List<Candidate>>> RunAsync(IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        var outcomes = new MediaOutcome[candidates.Count];
        int done = 0;
        log.Progress(Name, 0, candidates.Count);
        await Parallel.ForEachAsync(Enumerable.Range(0, candidates.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                outcomes[i] = await mirror.MirrorAsync(candidates[i], token);
                log.Progress(Name, Interlocked.Increment(ref done), candidates.Count);
            });

        var kept = new List<Candidate>(candidates.Count);
        var drops = new Drops();
        for (int i = 0; i < candidates.Count; i++)
        {
            var outcome = outcomes[i];
            work.Downloads += outcome.Downloads;
            work.Decodes += outcome.Decodes;
            work.Uploads += outcome.Uploads;
            work.Reused += outcome.Downloads == 0 ? 1 : 0;
            if (outcome.DropReason is not { } reason)
            {
                kept.Add(candidates[i]);
                continue;
            }
            drops.Add(reason.StartsWith("volume:", StringComparison.Ordinal) ? DropKind.Volume : DropKind.Media, reason);
        }
        return new StageResult<List<Candidate>>(kept, candidates.Count, kept.Count, drops);
    }
}
