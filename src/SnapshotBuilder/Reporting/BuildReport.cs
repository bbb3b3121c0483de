using System.Text.Json.Serialization;
using Layers.SnapshotBuilder.Pipeline;

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
    public Dictionary<string, long> TimingsMs { get; } = [];

    public SourceCounts AddSource(string source)
    {
        var counts = new SourceCounts { Source = source };
        Sources.Add(counts);
        return counts;
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

public static class ReasonCounts
{
    /// <summary>Counts one more item dropped for <paramref name="reason"/>.</summary>
    public static void Tally(this SortedDictionary<string, int> reasons, string reason) =>
        reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BuildReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
