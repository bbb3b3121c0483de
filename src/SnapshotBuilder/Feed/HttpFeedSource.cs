using System.Runtime.CompilerServices;
using System.Text.Json;
using Layers.SnapshotBuilder.Http;

namespace Layers.SnapshotBuilder.Feed;

/// <summary>
/// A feed over HTTP: the paged feed of docs/contract/feed-formats.md (<c>GET url</c>, then <c>GET url?cursor=C</c> while the page names a
/// <c>nextCursor</c>), or one answer in TikTok API for Business's envelope or a bare array (see <see cref="FeedEnvelope"/>).
/// Every page is bounded in time and size (and retried on transient failures, TikTok's rate limit included, see
/// <see cref="HttpFetch"/>), the walk in pages and items; a page that still fails fails the whole feed, so a build
/// never publishes a partial catalog.
/// </summary>
/// <param name="secret">
/// A header sent with every page (TikTok's Access-Token); never shown anywhere. Only sources given one are TikTok API
/// for Business sources, so only their answers are looked into for TikTok's in-body rate limit.
/// </param>
public sealed class HttpFeedSource(Uri url, HttpFetch fetch, FeedLimits limits, SecretHeader? secret = null) : IFeedSource
{
    private readonly FeedOrigin _origin = new(url.GetLeftPart(UriPartial.Path), null);

    public string Description => _origin.Description;

    public IReadOnlyList<FeedOrigin> Origins => [_origin];

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
            var envelope = FeedEnvelope.Read(document.RootElement, $"feed page {page}", secret);
            foreach (var item in envelope.Items.EnumerateArray())
            {
                if (++items > limits.MaxItems)
                {
                    throw new FeedException($"feed has more than {limits.MaxItems} items");
                }
                yield return new FeedRecord(_origin, item.Clone());
            }
            cursor = envelope.NextCursor;
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
        string? contentType;
        try
        {
            (body, contentType) = await fetch.GetAsync(pageUri, limits.MaxPageBytes, "application/json", cancellationToken,
                secret, secret is null ? null : raw => FeedEnvelope.TransientTikTokProblem(raw, secret));
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
            // A login wall, a block page or a wrong URL answers 200 with HTML: say so rather than quote a parser.
            bool html = contentType is "text/html" || body.AsSpan().TrimStart(" \t\r\n"u8).StartsWith("<"u8);
            throw new FeedException(html
                ? $"feed page {page} is HTML ({contentType ?? "no Content-Type"}), not JSON: a login or error page, or a wrong URL?"
                : $"feed page {page} is not valid JSON: {e.Message}", e);
        }
    }
}
