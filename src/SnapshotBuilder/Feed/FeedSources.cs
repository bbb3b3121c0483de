namespace Layers.SnapshotBuilder.Feed;

public static class FeedSources
{
    /// <summary>An http(s) URL is a paged feed; <c>file:///…</c> or a path is a local file.</summary>
    public static IFeedSource Open(string source, Http.HttpFetch fetch, FeedLimits limits)
    {
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return new HttpFeedSource(uri, fetch, limits);
        }
        if (source.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return uri is { IsFile: true } ? new FileFeedSource(uri.LocalPath, limits) : throw new ArgumentException($"'{source}' is not a file:/// URI");
        }
        if (source.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{source}' is not a feed: use http(s)://…, file:///… or a path");
        }
        return new FileFeedSource(source, limits);
    }
}
