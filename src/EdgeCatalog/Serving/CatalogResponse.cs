using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Layers.EdgeCatalog.Serving;

/// <summary>
/// One response of the catalog API, described once — with its snapshot, or at start for an error — and read by both
/// writers: the Kestrel route assigns its headers (<see cref="Api.CatalogApi"/>), the fast lane renders it to wire bytes
/// (<see cref="FastLane.WireResponse"/>). A header added here is sent by both.
/// <para>
/// Framing and date are each writer's own: every response but a 304 carries <c>Content-Length</c> (the body's length,
/// also to a HEAD), none carries a body to a HEAD, and each gets the server's <c>Date</c>. The 304 to a conditional
/// request is the 200's description with only the headers a 304 keeps (<see cref="ResponseHeader.KeptByNotModified"/>).
/// </para>
/// </summary>
internal sealed class CatalogResponse
{
    private static readonly StringValues Json = new("application/json; charset=utf-8");

    /// <summary>
    /// <c>private</c>: responses require a key, so shared caches must not hand them to others; browsers
    /// keep them a minute and then revalidate with If-None-Match (a 304 is nearly free here).
    /// </summary>
    private static readonly StringValues CatalogCacheControl = new("private, max-age=60");

    private static readonly StringValues NoStore = new("no-store");

    private static readonly StringValues VaryAcceptEncoding = new("Accept-Encoding");

    private static readonly StringValues NoSniff = new("nosniff");

    private readonly ResponseHeader[] _headers;

    internal CatalogResponse(int status, ResponseHeader[] headers, ReadOnlyMemory<byte> body, BodyFile? file = null, long fileOffset = -1)
    {
        Status = status;
        _headers = headers;
        Body = body;
        File = fileOffset >= 0 ? file : null;
        FileOffset = fileOffset;
    }

    public int Status { get; }

    /// <summary>Every header but Content-Length and Date; a name with several values is sent once per value.</summary>
    public ReadOnlySpan<ResponseHeader> Headers => _headers;

    /// <summary>The precomputed body, sent as it is: never copied per request.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The file that also holds <see cref="Body"/> (at <see cref="FileOffset"/>), for <c>sendfile</c>; null when none does.</summary>
    public BodyFile? File { get; }

    public long FileOffset { get; }

    /// <summary>The 200 for a representation: <paramref name="varies"/> when the route chose its content coding from Accept-Encoding.</summary>
    public static CatalogResponse Ok(ReadOnlyMemory<byte> body, string etag, StringValues contentEncoding, bool varies, BodyFile? file, long fileOffset)
    {
        var headers = new List<ResponseHeader>
        {
            new(HeaderNames.ContentType, Json),
            new(HeaderNames.CacheControl, CatalogCacheControl),
            new(HeaderNames.ETag, etag),
            new(HeaderNames.XContentTypeOptions, NoSniff),
        };
        if (contentEncoding.Count > 0)
        {
            headers.Add(new(HeaderNames.ContentEncoding, contentEncoding));
        }
        if (varies)
        {
            headers.Add(new(HeaderNames.Vary, VaryAcceptEncoding));
        }
        return new CatalogResponse(StatusCodes.Status200OK, [.. headers], body, file, fileOffset);
    }

    /// <summary>An error: a JSON body that no cache keeps, with its WWW-Authenticate challenge if it has one.</summary>
    public static CatalogResponse Error(int status, ReadOnlyMemory<byte> body, string? wwwAuthenticate)
    {
        var headers = new List<ResponseHeader>
        {
            new(HeaderNames.ContentType, Json),
            new(HeaderNames.CacheControl, NoStore),
            new(HeaderNames.XContentTypeOptions, NoSniff),
        };
        if (wwwAuthenticate is not null)
        {
            headers.Add(new(HeaderNames.WWWAuthenticate, wwwAuthenticate));
        }
        return new CatalogResponse(status, [.. headers], body);
    }
}

/// <summary>One header of a <see cref="CatalogResponse"/>, its name one of <see cref="HeaderNames"/> (which Kestrel matches by reference).</summary>
internal readonly struct ResponseHeader(string name, StringValues value)
{
    public string Name { get; } = name;

    public StringValues Value { get; } = value;

    /// <summary>
    /// Whether a 304 in place of this response carries it (RFC 9110 §15.4.5): the validators and caching headers
    /// (ETag, Vary, Cache-Control, Expires, Content-Location), none of the content's.
    /// </summary>
    public bool KeptByNotModified { get; } = Array.Exists(NotModifiedHeaders, kept => string.Equals(kept, name, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] NotModifiedHeaders =
        [HeaderNames.ETag, HeaderNames.Vary, HeaderNames.CacheControl, HeaderNames.Expires, HeaderNames.ContentLocation];
}
