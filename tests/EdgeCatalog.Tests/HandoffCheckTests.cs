using Layers.EdgeCatalog.FastLane;

namespace Layers.EdgeCatalog.Tests;

/// <summary>What the lane checks in a head before handing it to Kestrel: framing Kestrel is laxer on than RFC 9112.</summary>
public class HandoffCheckTests
{
    private static Handoff Inspect(string head) => HandoffCheck.Inspect(Encoding.Latin1.GetBytes(head));

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\n\r\nbody or the next request")]
    [InlineData("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello")]
    [InlineData("POST / HTTP/1.1\r\nHost: h\r\nContent-Length:  0 \t\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("GET / HTTP/1.0\r\nHost: h\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\nHost: h\n\n")]
    [InlineData("GET / HTTP/1.1\r\nX-Content-Length: +5\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nNoColon\r\n\r\n")] // Kestrel refuses it
    public void Sound_framing_is_handed_to_kestrel(string head) => Assert.Equal(Handoff.HandOver, Inspect(head));

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\ncontent-length: -0\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nCONTENT-LENGTH: 0x5\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 5,5\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 5 5\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: \u00b9\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\nHost: h\nContent-Length: +5\n\n")]              // bare LF lines, as a lax parser reads them
    [InlineData("\r\n\r\nGET / HTTP/1.1\r\nContent-Length: +5\r\n\r\n")]        // empty lines before the request line
    [InlineData("POST / HTTP/1.0\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("GET /v1/tiktok-music HTTP/1.0\r\ntransfer-encoding: identity\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")]
    public void Framing_kestrel_is_lax_on_is_refused(string head) => Assert.Equal(Handoff.Refuse, Inspect(head));

    [Theory]
    [InlineData("")]
    [InlineData("\r\n")]
    [InlineData("GET / HTTP/1.1\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nConte")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\n\r")]
    public void A_head_not_yet_whole_is_waited_for(string head) => Assert.Equal(Handoff.Wait, Inspect(head));

    /// <summary>
    /// Not a request line at all (a TLS ClientHello on the HTTP port, binary noise, a control character): handed to
    /// Kestrel at once, which refuses it; waiting for a head that never ends held such a client for 30 s.
    /// </summary>
    [Theory]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003")]
    [InlineData("GET /\u0001")]
    [InlineData("GET /\u00e9 HTTP/1.1")]
    [InlineData("\r\n\u0016\u0003")]
    [InlineData("GET / HTTP/1.1\rX")]
    public void A_request_line_that_cannot_be_one_is_handed_over_at_once(string head) => Assert.Equal(Handoff.HandOver, Inspect(head));

    [Fact]
    public void A_head_longer_than_kestrel_takes_is_handed_over_whole()
    {
        string head = "GET / HTTP/1.1\r\n" + string.Concat(Enumerable.Repeat("X-Filler: " + new string('a', 100) + "\r\n", 500));
        Assert.True(head.Length > HandoffCheck.MaxHeadBytes);
        Assert.Equal(Handoff.HandOver, Inspect(head));
    }
}
