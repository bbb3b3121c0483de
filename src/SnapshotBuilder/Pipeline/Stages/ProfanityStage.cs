using Layers.SnapshotBuilder.Profanity;

namespace Layers.SnapshotBuilder.Pipeline.Stages;

/// <summary>docs/contract/builder.md, step 4, over title, author and album; before the media stage, so nothing profane is downloaded.</summary>
public sealed class ProfanityStage(ProfanityFilter filter) : IBuildStage<IReadOnlyList<Candidate>, List<Candidate>>
{
    public string Name => "profanity";

    public ValueTask<StageResult<List<Candidate>>> RunAsync(IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        var kept = new List<Candidate>(candidates.Count);
        var drops = new Drops();
        foreach (var candidate in candidates)
        {
            if ((filter.Match(candidate.Title, candidate.Language) ?? filter.Match(candidate.Author, candidate.Language) ?? filter.Match(candidate.Album, candidate.Language)) is { } list)
            {
                drops.Add(DropKind.Profanity, $"profanity:{list}");
                continue;
            }
            kept.Add(candidate);
        }
        return ValueTask.FromResult(new StageResult<List<Candidate>>(kept, candidates.Count, kept.Count, drops));
    }
}
