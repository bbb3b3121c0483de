namespace Layers.SnapshotBuilder.Pipeline;

/// <summary>
/// docs/contract/builder.md, step 3: one track per musicId, then one per normalized (title, author). The higher userCount
/// wins; a tie goes to the lower musicId (ordinal), so the result never depends on feed order.
/// </summary>
public static class Deduplicator
{
    public static (List<Candidate> Kept, int Dropped) Dedupe(IEnumerable<Candidate> candidates)
    {
        var all = candidates.ToList();
        var byMusicId = Winners(all, c => c.MusicId);
        var bySong = Winners(byMusicId, c => TextNormalizer.DedupeKey(c.Title) + "\u0000" + TextNormalizer.DedupeKey(c.Author));
        return (bySong, all.Count - bySong.Count);
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
