using System.Text.Json.Serialization;
using Layers.SnapshotBuilder.Pipeline;
using Layers.SnapshotBuilder.Pipeline.Stages;

namespace Layers.SnapshotBuilder.Reporting;

/// <summary>How a build ended. The exit code follows from it (see <see cref="BuildReport.ExitCode"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BuildOutcome>))]
public enum BuildOutcome
{
    [JsonStringEnumMemberName("published")] Published,
    [JsonStringEnumMemberName("unchanged")] Unchanged,
    [JsonStringEnumMemberName("vetoed")] Vetoed,

    /// <summary>A rollback holds the announcement: the blob was written, not announced (exit 0).</summary>
    [JsonStringEnumMemberName("held")] Held,
    [JsonStringEnumMemberName("lost_race")] LostRace,
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>Counts per stage (docs/contract/builder.md, step 8). Every fetched item ends in exactly one of the drop counts or in published.</summary>
public sealed class StageCounts
{
    public int Fetched { get; set; }
    public int Invalid { get; set; }
    public int Duplicate { get; set; }
    public int Profanity { get; set; }
    public int Volume { get; set; }
    public int Media { get; set; }
    public int Published { get; set; }

    /// <summary>Not trending any more but seen in the last 30 days: resolvable by id, not listed.</summary>
    public int Retained { get; set; }

    public void Add(DropKind kind, int count)
    {
        switch (kind)
        {
            case DropKind.Invalid: Invalid += count; break;
            case DropKind.Duplicate: Duplicate += count; break;
            case DropKind.Profanity: Profanity += count; break;
            case DropKind.Media: Media += count; break;
            case DropKind.Volume: Volume += count; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }
}

/// <summary>What one source gave: items fetched from it, and how many of those were invalid.</summary>
public sealed class SourceCounts
{
    public required string Source { get; init; }

    /// <summary><c>layers</c>, <c>tiktok-music</c> or <c>tiktok-cml</c>: given, or decided from the content.</summary>
    public string? Format { get; set; }
    public int Fetched { get; set; }
    public int Invalid { get; set; }
}

/// <summary>One stage of the cycle as it ran: items in, items out, items dropped, milliseconds.</summary>
/// <remarks><see cref="Failed"/>: the stage threw part way, and the counts are what it had reached.</remarks>
public sealed record StageSummary(string Name, int In, int Out, int Dropped, long Ms, bool Failed)
{
    public override string ToString() =>
        $"{Name} {In}→{Out}" + (Dropped > 0 || Failed ? $" ({string.Join(", ", new[] { Dropped > 0 ? $"{Dropped} dropped" : null, Failed ? "failed" : null }.OfType<string>())})" : "");
}

public sealed class WorkCounts
{
    public int Downloads { get; set; }
    public int Decodes { get; set; }
    public int Uploads { get; set; }
    public int Reused { get; set; }
}

/// <summary>The JSON report a build writes: what happened, why, and how long each stage took.</summary>
public sealed class BuildReport
{
    public string? Version { get; set; }
    public BuildOutcome Outcome { get; set; } = BuildOutcome.Failed;
    public bool Published => Outcome == BuildOutcome.Published;
    public string? Reason { get; set; }
    public string? PreviousVersion { get; set; }
    public required string Source { get; init; }
    public required string Store { get; init; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public StageCounts Counts { get; } = new();

    /// <summary>Each <c>--source</c> in the order given: its format and what it gave.</summary>
    public List<SourceCounts> Sources { get; } = [];
    public SortedDictionary<string, int> InvalidReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Why tracks were dropped after validation: <c>profanity:…</c>, <c>media:…</c>, <c>volume:…</c>.</summary>
    public SortedDictionary<string, int> DropReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>What the media stage cost: a rebuild of unchanged tracks downloads and decodes nothing.</summary>
    public WorkCounts Work { get; } = new();
    public List<Veto> Vetoes { get; } = [];

    /// <summary>Milliseconds per phase (<c>fetch</c>, <c>clean</c>, <c>media</c>, <c>validate</c>, <c>serialize</c>, <c>publish</c>) and <c>total</c>; <see cref="Stages"/> has each stage's.</summary>
    public Dictionary<string, long> TimingsMs { get; } = [];

    /// <summary>Every stage that ran, in order (docs/contract/builder.md, <c>stages</c>).</summary>
    public List<StageSummary> Stages { get; } = [];

    /// <summary>Records a stage, finished or failed part way: its line in <see cref="Stages"/>, its time under its phase, and each drop in its count and reasons.</summary>
    public void Record(string stage, int itemsIn, int itemsOut, Drops drops, long ms, bool failed = false)
    {
        Stages.Add(new StageSummary(stage, itemsIn, itemsOut, drops.Total, ms, failed));
        if (stage == "fetch")
        {
            Counts.Fetched = itemsIn;
        }
        string phase = stage switch { "dedupe" or "profanity" => "clean", "retain" => "validate", _ => stage };
        TimingsMs[phase] = TimingsMs.GetValueOrDefault(phase) + ms;
        foreach (var (kind, reason, count) in drops.ByReason)
        {
            Counts.Add(kind, count);
            // A duplicate needs no reason beyond being one; invalid items have their own table.
            if (kind != DropKind.Duplicate)
            {
                var reasons = kind == DropKind.Invalid ? InvalidReasons : DropReasons;
                reasons[reason] = reasons.GetValueOrDefault(reason) + count;
            }
        }
    }

    [JsonIgnore]
    public int ExitCode => Outcome switch
    {
        BuildOutcome.Published or BuildOutcome.Unchanged or BuildOutcome.Held => ExitCodes.Ok,
        BuildOutcome.Vetoed => ExitCodes.Refused,
        _ => ExitCodes.Failed,
    };
}

/// <summary>docs/contract/builder.md: 0 published (or nothing changed), 1 failed, 2 bad usage, 3 refused by a validator.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Refused = 3;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BuildReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
