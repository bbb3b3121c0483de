using System.Text;
using Layers.EdgeCatalog.Api;
using Layers.EdgeCatalog.Serving;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Layers.EdgeCatalog.FastLane;

/// <summary>
/// A <see cref="CatalogResponse"/> as the bytes Kestrel's pipeline sends for it — status line, its headers in
/// Kestrel's order, body — made once, so answering is a copy of the head (with the Date value spliced in) and a send
/// of the shared body (<see cref="SocketResponder"/>). LaneWireEquivalenceTests compares the two byte for byte.
/// </summary>
internal sealed class WireResponse
{
    private readonly byte[] _statusAndDateName;
    private readonly byte[] _statusAndDateNameClosing;
    private readonly byte[] _afterDate;
    private readonly CatalogResponse _response;

    /// <param name="notModified">The 304 in place of <paramref name="response"/>: the headers a 304 keeps, no content.</param>
    private WireResponse(CatalogResponse response, bool notModified)
    {
        _response = response;
        Status = notModified ? StatusCodes.Status304NotModified : response.Status;
        Body = notModified ? ReadOnlyMemory<byte>.Empty : response.Body;
        // Kestrel's order: Content-Length, then its primary headers by name (Connection, Content-Type, Date; Server is
        // never sent), then the other known headers by name. Every header a CatalogResponse holds is one Kestrel knows
        // (HeaderNames), so sorting by name is Kestrel's order. Kestrel sends a header it does not know after all of
        // these, in insertion order: adding one means changing this ordering, and LaneWireEquivalenceTests says so.
        var headers = response.Headers.ToArray().Where(h => !notModified || h.KeptByNotModified)
            .OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase).ToArray();
        var beforeDate = headers.Where(h => IsPrimaryBeforeDate(h.Name)).ToArray();
        string StatusAndDateName(string connection) =>
            $"HTTP/1.1 {Status} {ReasonPhrases.GetReasonPhrase(Status)}\r\n" +
            (notModified ? "" : $"Content-Length: {Body.Length}\r\n") + connection + Lines(beforeDate) + "Date: ";
        _statusAndDateName = Encoding.ASCII.GetBytes(StatusAndDateName(""));
        _statusAndDateNameClosing = Encoding.ASCII.GetBytes(StatusAndDateName("Connection: close\r\n"));
        _afterDate = Encoding.ASCII.GetBytes("\r\n" + Lines(headers.Except(beforeDate)) + "\r\n");
        if (_statusAndDateNameClosing.Length + DateHeader.Length + _afterDate.Length > MaxHeadBytes)
        {
            throw new InvalidOperationException($"a {Status} head does not fit in {MaxHeadBytes} bytes");
        }
    }

    public int Status { get; }

    /// <summary>The precomputed body, sent as it is: never copied per request.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The file that also holds <see cref="Body"/> (at <see cref="FileOffset"/>), for <c>sendfile</c>; null when none does.</summary>
    public BodyFile? File => Body.IsEmpty ? null : _response.File;

    public long FileOffset => _response.FileOffset;

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

    /// <summary>The 200 for a list representation.</summary>
    public static WireResponse Ok(Representation representation) => new(representation.Response, notModified: false);

    /// <summary>The 304 for a list representation.</summary>
    public static WireResponse NotModified(Representation representation) => new(representation.Response, notModified: true);

    /// <summary>An error response.</summary>
    public static WireResponse Error(ErrorResponse error) => new(error.Response, notModified: false);

    /// <summary>
    /// Kestrel's own answer to a malformed request, byte for byte: 400, no body, and (sent with <c>closing</c>) the
    /// connection closed after it.
    /// </summary>
    public static WireResponse BadRequest { get; } = new(new CatalogResponse(StatusCodes.Status400BadRequest, [], ReadOnlyMemory<byte>.Empty), notModified: false);

    private static bool IsPrimaryBeforeDate(string name) =>
        string.Equals(name, HeaderNames.ContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>One line per value, as Kestrel writes a header with several.</summary>
    private static string Lines(IEnumerable<ResponseHeader> headers) =>
        string.Concat(headers.SelectMany(h => h.Value.Select(value => $"{h.Name}: {value}\r\n")));
}
