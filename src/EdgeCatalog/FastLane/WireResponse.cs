using System.Text;
using Layers.EdgeCatalog.Api;
using Layers.EdgeCatalog.Serving;
using Microsoft.AspNetCore.WebUtilities;

namespace Layers.EdgeCatalog.FastLane;

/// <summary>
/// A whole HTTP/1.1 response as the bytes Kestrel's pipeline would send for it — status line, the same
/// headers with the same values, body — made once, so answering is a copy of the head (with the Date value
/// spliced in) and a send of the shared body (<see cref="SocketResponder"/>).
/// </summary>
internal sealed class WireResponse
{
    private readonly byte[] _statusAndDateName;
    private readonly byte[] _statusAndDateNameClosing;
    private readonly byte[] _afterDate;
    private readonly ReadOnlyMemory<byte> _body;

    /// <param name="hasContent">Whether the head carries Content-Length (and, given one, <paramref name="contentType"/>).</param>
    private WireResponse(int status, IEnumerable<(string Name, string Value)> headers, ReadOnlyMemory<byte> body, bool hasContent,
        string? contentType, BodyFile? file = null, long fileOffset = -1)
    {
        Status = status;
        _body = body;
        File = file;
        FileOffset = fileOffset;
        // Where Kestrel puts its Connection header: after Content-Length, before Content-Type.
        string StatusAndDateName(string connection) =>
            $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n" +
            (hasContent ? $"Content-Length: {body.Length}\r\n{connection}" + (contentType is null ? "" : $"Content-Type: {contentType}\r\n") : connection) + "Date: ";
        _statusAndDateName = Encoding.ASCII.GetBytes(StatusAndDateName(""));
        _statusAndDateNameClosing = Encoding.ASCII.GetBytes(StatusAndDateName("Connection: close\r\n"));
        var head = new StringBuilder();
        foreach (var (name, value) in headers)
        {
            head.Append($"\r\n{name}: {value}");
        }
        _afterDate = Encoding.ASCII.GetBytes(head.Append("\r\n\r\n").ToString());
        if (_statusAndDateNameClosing.Length + DateHeader.Length + _afterDate.Length > MaxHeadBytes)
        {
            throw new InvalidOperationException($"a {status} head does not fit in {MaxHeadBytes} bytes");
        }
    }

    public int Status { get; }

    /// <summary>The precomputed body, sent as it is: never copied per request.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>The file that also holds <see cref="Body"/> (at <see cref="FileOffset"/>), for <c>sendfile</c>; null when none does.</summary>
    public BodyFile? File { get; }

    public long FileOffset { get; }

    /// <summary>
    /// Writes the status line and headers, with <paramref name="date"/> as the Date value and, when
    /// <paramref name="closing"/>, <c>Connection: close</c>; returns their length.
    /// </summary>
    public int WriteHead(Span<byte> destination, ReadOnlySpan<byte> date, bool closing)
    {
        var start = closing ? _statusAndDateNameClosing : _statusAndDateName;
        start.CopyTo(destination);
        int at = start.Length;
        date.CopyTo(destination[at..]);
        at += date.Length;
        _afterDate.CopyTo(destination[at..]);
        return at + _afterDate.Length;
    }

    /// <summary>Room for any head: the longest is a 401's, about 300 bytes with its WWW-Authenticate challenge.</summary>
    public const int MaxHeadBytes = 1024;

    /// <summary>200 for a list representation: what CatalogApi.WriteRepresentation sends.</summary>
    public static WireResponse Ok(Representation representation)
    {
        var headers = new List<(string, string)> { ("Cache-Control", ResponseHeaders.CatalogCacheControl!) };
        if (representation.ContentEncoding.Count > 0)
        {
            headers.Add(("Content-Encoding", representation.ContentEncoding!));
        }
        headers.AddRange([("ETag", representation.ETag), ("Vary", ResponseHeaders.VaryAcceptEncoding!), ("X-Content-Type-Options", ResponseHeaders.NoSniff!)]);
        return new WireResponse(200, headers, representation.Body, hasContent: true, ResponseHeaders.Json,
            representation.File, representation.FileOffset);
    }

    /// <summary>304 for a list representation: validators and caching headers, no content headers.</summary>
    public static WireResponse NotModified(Representation representation) =>
        new(304, [("Cache-Control", ResponseHeaders.CatalogCacheControl!), ("ETag", representation.ETag), ("Vary", ResponseHeaders.VaryAcceptEncoding!)],
            ReadOnlyMemory<byte>.Empty, hasContent: false, contentType: null);

    /// <summary>
    /// Kestrel's own answer to a malformed request, byte for byte: 400, no body, and (sent with <c>closing</c>) the
    /// connection closed after it.
    /// </summary>
    public static WireResponse BadRequest { get; } = new(400, [], ReadOnlyMemory<byte>.Empty, hasContent: true, contentType: null);

    /// <summary>An error: what CatalogApi.WriteError sends.</summary>
    public static WireResponse Error(ErrorResponse error)
    {
        var headers = new List<(string, string)> { ("Cache-Control", ResponseHeaders.NoStore!) };
        if (error.WwwAuthenticate.Count > 0)
        {
            headers.Add(("WWW-Authenticate", error.WwwAuthenticate!));
        }
        headers.Add(("X-Content-Type-Options", ResponseHeaders.NoSniff!));
        return new WireResponse(error.Status, headers, error.Body, hasContent: true, ResponseHeaders.Json);
    }
}
