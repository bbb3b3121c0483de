using System.Runtime.CompilerServices;
using System.Text.Json;
using Layers.SnapshotBuilder.Http;

namespace Layers.SnapshotBuilder.Feed;

/// <summary>
/// The paged HTTP feed of SPEC §4: <c>GET url</c>, then <c>GET url?cursor=C</c> while the page names a
/// <c>nextCursor</c>. Every page is bounded in time and size (and retried on transient failures, see
/// <see cref="HttpFetch"/>), the walk in pages and items; a page that still fails fails the whole feed,
/// so a build never publishes a partial catalog.
/// </summary>
public sealed class HttpFeedSource(Uri url, HttpFetch fetch, FeedLimits limits) : IFeedSource
{
    public string Description => url.GetLeftPart(UriPartial.Path);

    public string? LocalMediaRoot => null;

    public async IAsyncEnumerable<FeedRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        int items = 0;
        var seenCursors = new HashSet<string>(StringComparer.Ordinal);
        for (int page = 1; ; page++)
        {
            if (page > limits.MaxPages)
            {
                throw new FeedException($"feed has more than {limits.MaxPages} pages");
            }
            using var document = await FetchPageAsync(PageUri(cursor), page, cancellationToken);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var pageItems) || pageItems.ValueKind != JsonValueKind.Array)
            {
                throw new FeedException($"feed page {page} is not an object with an \"items\" array");
            }
            foreach (var item in pageItems.EnumerateArray())
            {
                if (++items > limits.MaxItems)
                {
                    throw new FeedException($"feed has more than {limits.MaxItems} items");
                }
                yield return new FeedRecord(item.Clone(), null);
            }
            cursor = root.TryGetProperty("nextCursor", out var next) ? next.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => next.GetString(),
                _ => throw new FeedException($"feed page {page} has a nextCursor that is not a string or null"),
            } : null;
            if (string.IsNullOrEmpty(cursor))
            {
                yield break;
            }
            if (!seenCursors.Add(cursor))
            {
                throw new FeedException($"feed page {page} repeats cursor '{cursor}': the feed loops");
            }
        }
    }

    private Uri PageUri(string? cursor)
    {
        if (cursor is null)
        {
            return url;
        }
        var builder = new UriBuilder(url);
        string query = builder.Query.TrimStart('?');
        builder.Query = (query.Length == 0 ? "" : query + "&") + "cursor=" + Uri.EscapeDataString(cursor);
        return builder.Uri;
    }

    private async Task<JsonDocument> FetchPageAsync(Uri pageUri, int page, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            (body, _) = await fetch.GetAsync(pageUri, limits.MaxPageBytes, "application/json", cancellationToken);
        }
        catch (FetchException e)
        {
            throw new FeedException($"feed page {page} failed: {e.Message}", e);
        }
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new FeedException($"feed page {page} is not valid JSON: {e.Message}", e);
        }
    }
}
