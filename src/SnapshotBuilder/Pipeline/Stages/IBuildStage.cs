namespace Layers.SnapshotBuilder.Pipeline.Stages;

/// <summary>
/// One stage of the build cycle (Hollow's producer: populate → validate → publish → announce): it takes what the
/// stage before it gave and hands on what it kept, counting what it dropped and why. <see cref="SnapshotBuild"/>
/// times every stage and records its result in the report in one place (<see cref="Reporting.BuildReport.Record"/>).
/// A stage that can fail part way with counts an operator needs (the feed dying on page 3) also implements
/// <see cref="IStageProgress"/>, and is then recorded as failed with what it had counted; the per-source counts are
/// written as they are read.
/// </summary>
public interface IBuildStage<in TIn, TOut>
{
    /// <summary>The stage's name in the report and the log: <c>fetch</c>, <c>dedupe</c>, …</summary>
    string Name { get; }

    ValueTask<StageResult<TOut>> RunAsync(TIn input, CancellationToken cancellationToken);
}

/// <summary>What a stage has counted so far in its one run: read when it fails part way.</summary>
public interface IStageProgress
{
    int In { get; }

    int Out { get; }

    Drops Drops { get; }
}

/// <summary>What a stage handed on, how many items it took in and gave out, and what it dropped.</summary>
public sealed record StageResult<T>(T Output, int In, int Out, Drops Drops)
{
    /// <summary>A stage that drops nothing.</summary>
    public StageResult(T output, int count) : this(output, count, count, new Drops())
    {
    }
}

/// <summary>Which count of the report (docs/contract/builder.md, <c>counts</c>) a dropped item adds to.</summary>
public enum DropKind
{
    Invalid,
    Duplicate,
    Profanity,
    Media,
    Volume,
}

/// <summary>The items a stage dropped, by kind and reason token (e.g. <c>missing_field:title</c>, <c>volume:too_quiet</c>).</summary>
public sealed class Drops
{
    private readonly Dictionary<(DropKind Kind, string Reason), int> _counts = [];

    public int Total { get; private set; }

    public IEnumerable<(DropKind Kind, string Reason, int Count)> ByReason => _counts.Select(c => (c.Key.Kind, c.Key.Reason, c.Value));

    public void Add(DropKind kind, string reason, int count = 1)
    {
        if (count == 0)
        {
            return;
        }
        _counts[(kind, reason)] = _counts.GetValueOrDefault((kind, reason)) + count;
        Total += count;
    }
}
