using Layers.EdgeCatalog.FastLane;

namespace Layers.EdgeCatalog.Tests;

/// <summary>The fast lane's parser: it answers one exact shape and leaves everything else to Kestrel.</summary>
public class RequestHeadTests
{
    private const string Line = "GET /v1/tiktok-music HTTP/1.1\r\n";

    private static (bool Parsed, int Length, string Authorization, string? AcceptEncoding, string? IfNoneMatch) Parse(string text)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(text);
        bool parsed = RequestHead.TryParse(bytes, out var head);
        return (parsed, head.Length, Encoding.ASCII.GetString(head.Authorization),
            head.HasAcceptEncoding ? Encoding.ASCII.GetString(head.AcceptEncoding) : null,
            head.HasIfNoneMatch ? Encoding.ASCII.GetString(head.IfNoneMatch) : null);
    }

    [Fact]
    public void The_common_request_parses_with_its_values_trimmed_and_its_length()
    {
        string head = Line + "Host: edge.example:8080\r\nauthorization:  Bearer lm_abc \t\r\nACCEPT-ENCODING: gzip, br\r\n" +
            "If-None-Match: \"abc\"\r\nUser-Agent: x/1 (y)\r\nConnection: Keep-Alive\r\n\r\n";
        var parsed = Parse(head + "GET /next");
        Assert.True(parsed.Parsed);
        Assert.Equal(Encoding.ASCII.GetByteCount(head), parsed.Length);
        Assert.Equal("Bearer lm_abc", parsed.Authorization);
        Assert.Equal("gzip, br", parsed.AcceptEncoding);
        Assert.Equal("\"abc\"", parsed.IfNoneMatch);
    }

    [Fact]
    public void Absent_headers_are_absent_and_empty_ones_present()
    {
        var parsed = Parse(Line + "Host: h\r\nAccept-Encoding:\r\n\r\n");
        Assert.True(parsed.Parsed);
        Assert.Equal("", parsed.Authorization);
        Assert.Equal("", parsed.AcceptEncoding);
        Assert.Null(parsed.IfNoneMatch);
    }

    [Theory]
    [InlineData("Connection: close\r\n", true)]
    [InlineData("Connection: CLOSE \r\n", true)]
    [InlineData("Connection: keep-alive\r\n", false)]
    [InlineData("", false)]
    public void Connection_close_is_the_lanes_and_marks_the_head_closing(string connection, bool closing)
    {
        Assert.True(RequestHead.TryParse(Encoding.ASCII.GetBytes(Line + "Host: h\r\n" + connection + "\r\n"), out var head));
        Assert.Equal(closing, head.Closing);
    }

    [Theory]
    [InlineData("HEAD /v1/tiktok-music HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /v1/tiktok-music?x=1 HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /v1/tiktok-music/ HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /V1/TikTok-Music HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /v1/tiktok-music HTTP/1.0\r\nHost: h\r\n\r\n")]
    [InlineData("GET http://h/v1/tiktok-music HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("\r\nGET /v1/tiktok-music HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData(Line + "\r\n")]                                         // no Host
    [InlineData(Line + "Accept: */*\r\n\r\n")]                          // no Host
    [InlineData(Line + "Host: h\r\nHost: h\r\n\r\n")]
    [InlineData(Line + "Host:\r\n\r\n")]
    [InlineData(Line + "Host: h/evil\r\n\r\n")]
    [InlineData(Line + "Host: h\r\nAuthorization: Bearer a\r\nAuthorization: Bearer b\r\n\r\n")]
    [InlineData(Line + "Host: h\r\nAccept-Encoding: gzip\r\nAccept-Encoding: br\r\n\r\n")]
    [InlineData(Line + "Host: h\r\nIf-None-Match: \"a\"\r\nIf-None-Match: \"b\"\r\n\r\n")]
    [InlineData(Line + "Host: h\r\nContent-Length: 0\r\n\r\n")]
    [InlineData(Line + "Host: h\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData(Line + "Host: h\r\nConnection: keep-alive, close\r\n\r\n")] // a list: Kestrel's to read
    [InlineData(Line + "Host: h\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n")]
    [InlineData(Line + "Host: h\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n")]
    [InlineData(Line + "Host: h\r\nExpect: 100-continue\r\n\r\n")]
    [InlineData(Line + "Host: h\r\nX-Long: a\r\n  folded\r\n\r\n")]    // obs-fold
    [InlineData(Line + "Host: h\r\nX-Bad : a\r\n\r\n")]                // space before the colon
    [InlineData(Line + "Host: h\r\nNoColon\r\n\r\n")]
    [InlineData(Line + "Host: h\r\n: empty-name\r\n\r\n")]
    [InlineData(Line + "Host: h\r\nAuthorization: Bearer \u00fc\r\n\r\n")]  // non-ASCII
    [InlineData(Line + "Host: h\r\nX: a\u0001b\r\n\r\n")]                // control byte
    [InlineData(Line + "Host: h\r\nX: a\nY: b\r\n\r\n")]                 // bare LF
    [InlineData(Line + "Host: h\r\nAuthorization: Bearer lm_abc\r\n")]   // head not complete yet
    [InlineData(Line + "Host: h\r\nAuthorization: Bearer lm_abc")]
    [InlineData("GET /v1/tik")]
    public void Anything_else_is_left_to_kestrel(string text) => Assert.False(Parse(text).Parsed);

    public static TheoryData<string, bool> Hosts()
    {
        var data = new TheoryData<string, bool>();
        foreach (string host in HostShapes.Plain)
        {
            data.Add(host, true);
        }
        // Kestrel's to refuse, and odd ones it may take but the lane leaves to it (any number of port digits, say).
        foreach (string host in (string[])[.. HostShapes.KestrelRefuses, "", "h:123456", "h@evil", "h%20", "h h"])
        {
            data.Add(host, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Only_common_host_shapes_are_the_lanes(string host, bool plain)
    {
        Assert.Equal(plain, RequestHead.IsPlainHost(Encoding.ASCII.GetBytes(host)));
        Assert.Equal(plain, Parse(Line + $"Host: {host}\r\n\r\n").Parsed);
    }

    [Fact]
    public void Oversized_values_and_heads_are_left_to_kestrel()
    {
        Assert.True(Parse(Line + $"Host: h\r\nX: {new string('a', RequestHead.MaxValueBytes)}\r\n\r\n").Parsed);
        Assert.False(Parse(Line + $"Host: h\r\nX: {new string('a', RequestHead.MaxValueBytes + 1)}\r\n\r\n").Parsed);
        string many = string.Concat(Enumerable.Range(0, 200).Select(i => $"X-{i}: {new string('v', 60)}\r\n"));
        Assert.False(Parse(Line + "Host: h\r\n" + many + "\r\n").Parsed);
    }
}
