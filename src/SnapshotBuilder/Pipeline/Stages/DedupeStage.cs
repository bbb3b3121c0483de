namespace Layers.SnapshotBuilder.Pipeline.Stages;

/// <summary>
/// docs/contract/builder.md, step 3: one track per musicId, then one per normalized (title, author). The higher userCount
/// wins; a tie goes to the lower musicId (ordinal), so the result never depends on feed order.
/// </summary>
public sealed class DedupeStage : IBuildStage<IReadOnlyList<Candidate>, List<Candidate>>
{
    public string Name => "dedupe";

    public ValueTask<StageResult<List<Candidate>>> RunAsync(IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Dedupe(candidates));

    public static StageResult<List<Candidate>> Dedupe(IReadOnlyList<Candidate> candidates)
    {
        var byMusicId = Winners(candidates, c => c.MusicId);
        var bySong = Winners(byMusicId, c => TextNormalizer.DedupeKey(c.Title) + "\u0000" + TextNormalizer.DedupeKey(c.Author));
        var drops = new Drops();
        drops.Add(DropKind.Duplicate, "duplicate", candidates.Count - bySong.Count);
        return new StageResult<List<Candidate>>(bySong, candidates.Count, bySong.Count, drops);
    }

    private static List<Candidate> Winners(IEnumerable<Candidate> candidates, Func<Candidate, string> key)
    {
        var winners = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            string k = key(candidate);
            if (!winners.TryGetValue(k, out var current) || Beats(candidate, current))
            {
                winners[k] = candidate;
            }
        }
        return [.. winners.Values];
    }

    private static bool Beats(Candidate challenger, Candidate holder) =>
        challenger.UserCount > holder.UserCount
        || (challenger.UserCount == holder.UserCount && string.CompareOrdinal(challenger.MusicId, holder.MusicId) < 0);
}
