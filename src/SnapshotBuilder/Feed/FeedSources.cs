using Layers.SnapshotBuilder.Http;

namespace Layers.SnapshotBuilder.Feed;

public static class FeedSources
{
    public const string AccessTokenVariable = "TIKTOK_ACCESS_TOKEN";
    public const string AccessTokenHeader = "Access-Token";

    /// <summary>
    /// Every <c>--source</c>, each read in <paramref name="format"/> (auto: decided per source from its content),
    /// merged in the order given. Throws <see cref="ArgumentException"/> (bad usage) for a source that is not a
    /// file or an http(s) URL, or a TikTok API for Business source without an access token.
    /// </summary>
    public static IFeedSource Open(IReadOnlyList<string> sources, SourceFormat format, HttpFetch fetch, FeedLimits limits, string? accessToken)
    {
        var opened = sources.Select(source => (IFeedSource)new FormattedFeedSource(OpenRaw(source, format, fetch, limits, accessToken), format)).ToList();
        return opened.Count == 1 ? opened[0] : new MergedFeedSource(opened);
    }

    /// <summary>An http(s) URL is a paged feed or a TikTok API answer; <c>file:///…</c> or a path is a local file.</summary>
    private static IFeedSource OpenRaw(string source, SourceFormat format, HttpFetch fetch, FeedLimits limits, string? accessToken)
    {
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            if (!SendsAccessToken(uri, format))
            {
                return new HttpFeedSource(uri, fetch, limits);
            }
            accessToken = accessToken?.Trim();
            if (string.IsNullOrEmpty(accessToken))
            {
                throw new ArgumentException($"{uri.GetLeftPart(UriPartial.Path)} is a TikTok API for Business source: set {AccessTokenVariable}");
            }
            // A header value with a control or non-ASCII character would fail at send time, in an exception that may quote it.
            if (!accessToken.All(c => char.IsAscii(c) && !char.IsControl(c) && c != ' '))
            {
                throw new ArgumentException($"{AccessTokenVariable} holds a character a token cannot have (white space, a control or non-ASCII character)");
            }
            return new HttpFeedSource(uri, fetch, limits, new SecretHeader(AccessTokenHeader, accessToken));
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

    /// <summary>
    /// The access token goes only to TikTok API for Business sources: those read as <c>tiktok-cml</c>, and in auto
    /// mode a URL on that API's path (<c>/open_api/…</c>) or the trending-list endpoint's. Any other source never
    /// sees it, whatever it answers.
    /// </summary>
    private static bool SendsAccessToken(Uri uri, SourceFormat format) =>
        format == SourceFormat.TikTokCml
        || (format == SourceFormat.Auto && (uri.AbsolutePath.Contains("/open_api/", StringComparison.Ordinal)
                                            || uri.AbsolutePath.TrimEnd('/').EndsWith("/cml/trending_list", StringComparison.Ordinal)));
}
