using System.Text;

namespace Layers.EdgeCatalog.FastLane;

/// <summary>What the fast lane does with a request head it does not answer itself.</summary>
internal enum Handoff
{
    /// <summary>The head is not complete yet: wait for more.</summary>
    Wait,

    /// <summary>Kestrel's to answer, with its parser, limits and error handling.</summary>
    HandOver,

    /// <summary>Framing Kestrel would accept but RFC 9112 does not: 400, then close.</summary>
    Refuse,
}

/// <summary>
/// The framing of a request head checked before the lane hands it to Kestrel, where Kestrel is laxer than RFC 9112
/// and a front end parsing strictly would frame the message differently (request smuggling):
/// <list type="bullet">
/// <item>a Content-Length that is not 1*DIGIT (§6.3, §8.6): Kestrel reads <c>+5</c> as 5 and <c>-0</c> as 0;</item>
/// <item>Transfer-Encoding in an HTTP/1.0 request (§6.1: faulty framing, close): Kestrel keeps the connection;</item>
/// <item>Transfer-Encoding with Content-Length (§6.3: a server may refuse, and must close).</item>
/// </list>
/// Lines are split at LF, an optional CR before it dropped, and empty lines before the request line skipped, so the
/// check sees at least every field Kestrel's parser would. Everything else is left to Kestrel: refusing is only
/// ever stricter than Kestrel, so it is always safe.
/// </summary>
internal static class HandoffCheck
{
    /// <summary>
    /// The longest head the lane waits for: Kestrel's request line and header limits (8 KiB and 32 KiB by default)
    /// and then some. A longer one is handed over whole; Kestrel refuses it (414 or 431).
    /// </summary>
    public const int MaxHeadBytes = 48 * 1024;

    public static Handoff Inspect(ReadOnlySpan<byte> data)
    {
        if (!CouldBeRequestLine(data))
        {
            return Handoff.HandOver; // Kestrel refuses it at once (400, close): nothing is framed, so nothing to check
        }
        bool requestLine = true, http10 = false, contentLength = false, transferEncoding = false;
        bool tooLong = data.Length >= MaxHeadBytes;
        while (true)
        {
            int lf = data.IndexOf((byte)'\n');
            if (lf < 0)
            {
                return tooLong ? Handoff.HandOver : Handoff.Wait;
            }
            var line = data[..lf];
            data = data[(lf + 1)..];
            if (line is [.., (byte)'\r'])
            {
                line = line[..^1];
            }
            if (requestLine)
            {
                if (!line.IsEmpty) // RFC 9112 §2.2: empty lines before the request line are ignored
                {
                    requestLine = false;
                    http10 = line.EndsWith(" HTTP/1.0"u8);
                }
                continue;
            }
            if (line.IsEmpty)
            {
                return transferEncoding && (http10 || contentLength) ? Handoff.Refuse : Handoff.HandOver;
            }
            int colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue; // Kestrel refuses it
            }
            var name = line[..colon];
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                var value = line[(colon + 1)..].Trim(" \t"u8);
                if (value.IsEmpty || value.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
                {
                    return Handoff.Refuse;
                }
                contentLength = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                transferEncoding = true;
            }
        }
    }

    /// <summary>
    /// False when the request line, whole or in part, holds a byte no request line may (outside VCHAR and SP; a CR
    /// only before its LF): a TLS ClientHello, binary noise. Such a head is not waited for — that would hold the
    /// connection for the whole headers timeout — since Kestrel answers it 400 as soon as it sees the line.
    /// </summary>
    private static bool CouldBeRequestLine(ReadOnlySpan<byte> data)
    {
        int start = 0;
        while (start < data.Length && data[start] is (byte)'\r' or (byte)'\n')
        {
            start++; // RFC 9112 §2.2: empty lines before the request line
        }
        var line = data[start..];
        int lf = line.IndexOf((byte)'\n');
        if (lf >= 0)
        {
            line = line[..lf];
            if (line is [.., (byte)'\r'])
            {
                line = line[..^1];
            }
        }
        else if (line is [.., (byte)'\r'])
        {
            line = line[..^1]; // its LF is still to come
        }
        foreach (byte b in line)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }
        return true;
    }
}
