using System.Text.Json;

namespace Layers.SnapshotBuilder.Feed;

/// <summary>
/// One item as the feed gave it: a parsed JSON value, or — for a line of a JSON-lines file that does not
/// parse — the parse error. Validation decides what to keep; the source never drops anything silently.
/// </summary>
public readonly record struct FeedRecord(JsonElement Item, string? MalformedError)
{
    public static FeedRecord Malformed(string error) => new(default, error);
}

/// <summary>A feed of trending items (SPEC §4).</summary>
public interface IFeedSource
{
    string Description { get; }

    /// <summary>
    /// Relative media paths in a local feed resolve against this folder; null for HTTP feeds,
    /// whose media URLs must be absolute.
    /// </summary>
    string? LocalMediaRoot { get; }

    /// <summary>Every item, in feed order. Throws <see cref="FeedException"/> when the feed itself is unusable.</summary>
    IAsyncEnumerable<FeedRecord> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>The feed as a whole failed (unreachable, not JSON, over a cap): the build fails and publishes nothing.</summary>
public sealed class FeedException(string message, Exception? inner = null) : Exception(message, inner);

public sealed record FeedLimits(int MaxPages = 1_000, int MaxItems = 200_000, long MaxPageBytes = 32L * 1024 * 1024, long MaxFileBytes = 512L * 1024 * 1024);
