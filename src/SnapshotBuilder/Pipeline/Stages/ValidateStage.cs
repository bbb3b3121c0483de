using Layers.Catalog.Snapshots;
using Layers.Catalog.Tracks;

namespace Layers.SnapshotBuilder.Pipeline.Stages;

/// <summary>
/// docs/contract/builder.md, step 6: every publish validator looks at the assembled catalog (Hollow's validators); any of
/// them can veto. Hands on the vetoes, none when the catalog may be published; drops no track itself.
/// </summary>
public sealed class ValidateStage(IReadOnlyList<IPublishValidator> validators, Manifest? previous, bool force) : IBuildStage<IReadOnlyList<Track>, List<Veto>>
{
    public string Name => "validate";

    public async ValueTask<StageResult<List<Veto>>> RunAsync(IReadOnlyList<Track> tracks, CancellationToken cancellationToken)
    {
        var candidate = new PublishCandidate(tracks, previous, force);
        var vetoes = new List<Veto>();
        foreach (var validator in validators)
        {
            if (await validator.ValidateAsync(candidate, cancellationToken) is { } veto)
            {
                vetoes.Add(veto);
            }
        }
        // A veto passes nothing on: the summary reads `validate 232→0`, not a catalog that went ahead.
        return new StageResult<List<Veto>>(vetoes, tracks.Count, vetoes.Count > 0 ? 0 : tracks.Count, new Drops());
    }
}
