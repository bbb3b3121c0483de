using System.Text.Json;

namespace Layers.SnapshotBuilder.Feed;

/// <summary>
/// One item as a source gave it: a parsed JSON value, or — for a line of a JSON-lines file that does not
/// parse — the parse error, or — for an item its format adapter refused — the reason. Validation decides
/// what to keep; a source never drops anything silently.
/// </summary>
public readonly record struct FeedRecord(FeedOrigin Origin, JsonElement Item, string? MalformedError = null, string? InvalidReason = null)
{
    public static FeedRecord Malformed(FeedOrigin origin, string error) => new(origin, default, error);
}

/// <summary>
/// Where records came from: one per <c>--source</c>. The report counts per origin; relative media paths in a
/// local feed resolve against <see cref="MediaRoot"/>.
/// </summary>
public sealed class FeedOrigin(string description, string? mediaRoot)
{
    public string Description { get; } = description;

    /// <summary>The folder of a local feed file; null for HTTP sources, whose media URLs must be absolute.</summary>
    public string? MediaRoot { get; } = mediaRoot;

    /// <summary>The source's format (<see cref="SourceFormats.Name"/>) once known; null while undecided or for an empty source read as auto.</summary>
    public string? Format { get; set; }
}

/// <summary>A feed of trending items (docs/contract/feed-formats.md).</summary>
public interface IFeedSource
{
    string Description { get; }

    /// <summary>One per source this feed reads, in order (several for merged sources); every record names one of them.</summary>
    IReadOnlyList<FeedOrigin> Origins { get; }

    /// <summary>Every item, in feed order. Throws <see cref="FeedException"/> when the feed itself is unusable.</summary>
    IAsyncEnumerable<FeedRecord> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>The feed as a whole failed (unreachable, not JSON, over a cap): the build fails and publishes nothing.</summary>
public sealed class FeedException(string message, Exception? inner = null) : Exception(message, inner);

public sealed record FeedLimits(int MaxPages = 1_000, int MaxItems = 200_000, long MaxPageBytes = 32L * 1024 * 1024, long MaxFileBytes = 512L * 1024 * 1024);
