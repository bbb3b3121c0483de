using System.Runtime.CompilerServices;

namespace Layers.SnapshotBuilder.Feed;

/// <summary>Several <c>--source</c>s read one after another as one feed: their items merge before dedupe (docs/contract/feed-formats.md).</summary>
public sealed class MergedFeedSource(IReadOnlyList<IFeedSource> sources) : IFeedSource
{
    public string Description => string.Join(", ", sources.Select(s => s.Description));

    public IReadOnlyList<FeedOrigin> Origins => [.. sources.SelectMany(s => s.Origins)];

    public async IAsyncEnumerable<FeedRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            await foreach (var record in source.ReadAsync(cancellationToken))
            {
                yield return record;
            }
        }
    }
}
