using System.Buffers;
using System.Text;

namespace Layers.EdgeCatalog.FastLane;

/// <summary>The parts of a list request the answer depends on, as slices of the received bytes.</summary>
internal ref struct RequestHead
{
    /// <summary>Bytes of the head, request line through the blank line.</summary>
    public int Length;

    /// <summary>The Authorization value; empty when the header is absent.</summary>
    public ReadOnlySpan<byte> Authorization;

    public bool HasAcceptEncoding;

    public ReadOnlySpan<byte> AcceptEncoding;

    public bool HasIfNoneMatch;

    public ReadOnlySpan<byte> IfNoneMatch;

    /// <summary><c>Connection: close</c>: the connection closes after this request's response.</summary>
    public bool Closing;

    /// <summary>
    /// Parses the one request shape the fast lane answers: <c>GET /v1/tiktok-music HTTP/1.1</c>, a complete
    /// head in <paramref name="data"/>, one valid Host, no body, and at most one of each header the answer
    /// depends on. Anything else — HEAD, a query, HTTP/1.0, a body, Connection other than one keep-alive or close,
    /// Upgrade, Expect, repeated headers, obs-folds, bytes outside visible ASCII, a head still arriving —
    /// is not ours: false, and Kestrel's parser, limits and error handling take over. The check is strict
    /// on purpose: accepting less than Kestrel is always safe, accepting more never is.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RequestHead head)
    {
        head = default;
        if (!data.StartsWith(ListRequestLine))
        {
            return false;
        }
        int blankLine = data[..Math.Min(data.Length, MaxHeadBytes)].IndexOf("\r\n\r\n"u8);
        if (blankLine < ListRequestLine.Length)
        {
            return false; // incomplete, too long, or no header fields at all (so no Host)
        }
        head.Length = blankLine + 4;
        var fields = data[ListRequestLine.Length..(blankLine + 2)];
        bool hasHost = false, hasAuthorization = false, hasConnection = false;
        for (int count = 0; !fields.IsEmpty; count++)
        {
            int end = fields.IndexOf("\r\n"u8);
            var line = fields[..end];
            fields = fields[(end + 2)..];
            int colon = line.IndexOf((byte)':');
            // Token-only names also refuse obs-folds (a leading space) and whitespace before the colon.
            if (count == MaxFields || colon <= 0 || line[..colon].ContainsAnyExcept(TokenChars))
            {
                return false;
            }
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (value.ContainsAnyExcept(FieldValueChars) || value.Length > MaxValueBytes)
            {
                return false;
            }
            if (Ascii.EqualsIgnoreCase(name, "host"u8))
            {
                if (hasHost || !IsPlainHost(value))
                {
                    return false;
                }
                hasHost = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "authorization"u8))
            {
                if (hasAuthorization)
                {
                    return false;
                }
                hasAuthorization = true;
                head.Authorization = value;
            }
            else if (Ascii.EqualsIgnoreCase(name, "accept-encoding"u8))
            {
                if (head.HasAcceptEncoding)
                {
                    return false;
                }
                head.HasAcceptEncoding = true;
                head.AcceptEncoding = value;
            }
            else if (Ascii.EqualsIgnoreCase(name, "if-none-match"u8))
            {
                if (head.HasIfNoneMatch)
                {
                    return false;
                }
                head.HasIfNoneMatch = true;
                head.IfNoneMatch = value;
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                if (hasConnection)
                {
                    return false;
                }
                hasConnection = true;
                head.Closing = Ascii.EqualsIgnoreCase(value, "close"u8);
                if (!head.Closing && !Ascii.EqualsIgnoreCase(value, "keep-alive"u8))
                {
                    return false;
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "content-length"u8) || Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8)
                || Ascii.EqualsIgnoreCase(name, "expect"u8) || Ascii.EqualsIgnoreCase(name, "upgrade"u8))
            {
                return false;
            }
        }
        return hasHost;
    }

    /// <summary>Longest head the fast lane reads; longer ones go to Kestrel and its own limits.</summary>
    public const int MaxHeadBytes = 8 * 1024;

    /// <summary>Longest value of any header; the three the answer reads are decoded on the stack.</summary>
    public const int MaxValueBytes = 1024;

    private const int MaxFields = 100;

    private static ReadOnlySpan<byte> ListRequestLine => "GET /v1/tiktok-music HTTP/1.1\r\n"u8;

    // RFC 9110 §5.6.2 tchar.
    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    // Visible ASCII, space and tab; no obs-text (Kestrel refuses non-ASCII header bytes by default).
    private static readonly SearchValues<byte> FieldValueChars = SearchValues.Create(VisibleAsciiSpaceAndTab());

    /// <summary>
    /// Whether <paramref name="host"/> has one of the common shapes of RFC 3986's host [ ":" port ], each a subset of
    /// what Kestrel accepts: a reg-name or IPv4 address of letters, digits and <c>-._~</c>, or an IPv6 literal of
    /// hex digits, colons and dots in brackets; then, optionally, a colon and a port of 1 to 5 digits. Checking the
    /// characters alone is not enough: <c>a:1:2</c>, <c>h:http</c>, <c>[::1</c>, <c>a]b</c> are made of them and
    /// Kestrel refuses each with 400 (RFC 9112 §3.2). Anything else, empty included, is Kestrel's to judge.
    /// </summary>
    internal static bool IsPlainHost(ReadOnlySpan<byte> host)
    {
        int end;
        if (host.IsEmpty)
        {
            return false;
        }
        if (host[0] == (byte)'[')
        {
            end = host.IndexOf((byte)']');
            // "[::1]" is the shortest literal Kestrel takes.
            if (end < 4 || host[1..end].ContainsAnyExcept(IPv6LiteralChars))
            {
                return false;
            }
            end++;
        }
        else
        {
            end = host.IndexOfAnyExcept(RegNameChars);
            if (end == 0)
            {
                return false;
            }
            if (end < 0)
            {
                return true;
            }
        }
        var port = host[end..];
        return port.IsEmpty || (port[0] == (byte)':' && port.Length is >= 2 and <= 6 && !port[1..].ContainsAnyExceptInRange((byte)'0', (byte)'9'));
    }

    private static readonly SearchValues<byte> RegNameChars =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._~"u8);

    private static readonly SearchValues<byte> IPv6LiteralChars = SearchValues.Create("0123456789ABCDEFabcdef:."u8);

    private static byte[] VisibleAsciiSpaceAndTab()
    {
        var bytes = new List<byte> { (byte)'\t' };
        for (int b = 0x20; b < 0x7F; b++)
        {
            bytes.Add((byte)b);
        }
        return [.. bytes];
    }
}
