using Microsoft.Extensions.Primitives;

namespace Layers.EdgeCatalog.Api;

/// <summary>Header values shared by every response, made once.</summary>
internal static class ResponseHeaders
{
    public static readonly StringValues Json = new("application/json; charset=utf-8");

    /// <summary>
    /// <c>private</c>: responses require a key, so shared caches must not hand them to others; browsers
    /// keep them a minute and then revalidate with If-None-Match (a 304 is nearly free here).
    /// </summary>
    public static readonly StringValues CatalogCacheControl = new("private, max-age=60");

    public static readonly StringValues NoStore = new("no-store");

    public static readonly StringValues VaryAcceptEncoding = new("Accept-Encoding");

    public static readonly StringValues NoSniff = new("nosniff");
}
