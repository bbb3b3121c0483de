using Layers.SnapshotBuilder.Feed;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Pipeline.Stages;

/// <summary>
/// docs/contract/builder.md, steps 1 and 2: reads every source and validates each item; an invalid one is dropped
/// with its reason. What each source gave is counted in <paramref name="sources"/> as it is read, so a feed that
/// fails halfway still shows how far each source got. One run per instance: it counts as it goes (<see cref="IStageProgress"/>).
/// </summary>
public sealed class FetchStage(IList<SourceCounts> sources, IBuildLog log) : IBuildStage<IFeedSource, List<Candidate>>, IStageProgress
{
    private readonly List<Candidate> _candidates = [];

    public string Name => "fetch";

    /// <summary>Items read so far.</summary>
    public int In { get; private set; }

    public int Out => _candidates.Count;

    public Drops Drops { get; } = new();

    public async ValueTask<StageResult<List<Candidate>>> RunAsync(IFeedSource feed, CancellationToken cancellationToken)
    {
        var perSource = feed.Origins.Distinct().ToDictionary(o => o, o => (Counts: Add(o.Description), Validator: new ItemValidator(o.MediaRoot)));
        await foreach (var record in feed.ReadAsync(cancellationToken))
        {
            log.Progress(Name, ++In, 0);
            var source = perSource[record.Origin];
            source.Counts.Fetched++;
            source.Counts.Format = record.Origin.Format;
            var validation = record.MalformedError is not null ? ItemValidation.Invalid("malformed_json")
                : record.InvalidReason is { } refused ? ItemValidation.Invalid(refused)
                : source.Validator.Validate(record.Item);
            if (validation.Candidate is null)
            {
                source.Counts.Invalid++;
                Drops.Add(DropKind.Invalid, validation.Reason!);
                continue;
            }
            _candidates.Add(validation.Candidate);
        }
        log.Progress(Name, In, In);
        return new StageResult<List<Candidate>>(_candidates, In, Out, Drops);
    }

    private SourceCounts Add(string source)
    {
        var counts = new SourceCounts { Source = source };
        sources.Add(counts);
        return counts;
    }
}
