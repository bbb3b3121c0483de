using CsCheck;
using Xunit.Abstractions;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// Differential fuzzing of the fast lane against Kestrel: generated and mutated request heads (request lines,
/// header names and values, separators, line endings, duplicates, Host, Content-Length and Transfer-Encoding forms,
/// split points) sent to the same published binary with the lane on (on either transport) and off. The lane may
/// hand a request to Kestrel or refuse it, but it never answers 2xx/304 where Kestrel answers 4xx or closes, never
/// with another body than Kestrel's, never with a 5xx, and never leaves a half-closed connection hanging.
///
/// CsCheck (not FsCheck): a C# library whose generators compose with LINQ-like C#, that runs async properties on
/// several threads, shrinks a failure to a small case, and names every failure's seed to replay it. 2,000 cases by
/// default (well under a minute); a longer campaign: <c>CsCheck_Time=600 dotnet test --filter LaneDifferentialFuzzTests</c>,
/// a replay: <c>CsCheck_Seed=&lt;seed from the failure&gt;</c>.
/// </summary>
public sealed class LaneDifferentialFuzzTests(EdgeTrio edges, ITestOutputHelper output) : IClassFixture<EdgeTrio>
{
    private const int DefaultCases = 2000;

    /// <summary>What one server made of one request: the first response's status (or <see cref="RawHttp.Closed"/>, <see cref="RawHttp.Hung"/>) and body.</summary>
    private sealed record Outcome(int Status, byte[] Body)
    {
        public bool Accepted => Status is >= 200 and < 300 or 304;

        public override string ToString() => $"{Status} ({Body.Length} body bytes)";
    }

    [Fact]
    public async Task The_lane_never_accepts_what_kestrel_refuses()
    {
        string etag = await ETagAsync();
        bool configured = Environment.GetEnvironmentVariable("CsCheck_Iter") is not null || Environment.GetEnvironmentVariable("CsCheck_Time") is not null;
        int laneAnswered = 0, accepted = 0;
        await Cases(edges.World.Key, etag).SampleAsync(async @case =>
        {
            var lane = @case.OnSockets ? edges.Sockets : edges.Lane;
            var withLane = await OutcomeAsync(lane, @case);
            var kestrel = await OutcomeAsync(edges.NoLane, @case);
            if (withLane.Accepted)
            {
                Interlocked.Increment(ref accepted);
            }
            if (withLane.Status != kestrel.Status)
            {
                Interlocked.Increment(ref laneAnswered);
            }
            string? wrong =
                withLane.Status == RawHttp.Hung ? "the lane neither answered nor closed after the client's FIN" :
                withLane.Status is >= 500 and not (501 or 505) ? $"the lane answered {withLane.Status}" :
                withLane.Accepted && !kestrel.Accepted ? $"the lane answered {withLane} where Kestrel answered {kestrel}" :
                withLane.Accepted && !withLane.Body.AsSpan().SequenceEqual(kestrel.Body) ? $"the lane's body differs from Kestrel's: {withLane} vs {kestrel}" :
                null;
            Assert.True(wrong is null, $"{wrong}\nrequest ({(@case.OnSockets ? "sockets" : "epoll")} transport): {@case}");
        }, writeLine: output.WriteLine, iter: configured ? -1 : DefaultCases, print: c => c.ToString());

        output.WriteLine($"{accepted} accepted by the lane, {laneAnswered} answered differently with the lane on");
        Assert.True(accepted > 0, "no generated request was accepted: the generator no longer reaches the lane's answers");
        Assert.False(edges.Lane.HasExited || edges.Sockets.HasExited || edges.NoLane.HasExited);
    }

    private async Task<string> ETagAsync()
    {
        using var response = await edges.Lane.Client.SendAsync(edges.World.Request());
        return response.Headers.ETag!.Tag;
    }

    private static async Task<Outcome> OutcomeAsync(EdgeServer edge, Case @case)
    {
        byte[] bytes = RawHttp.Latin1(@case.Text);
        byte[][] pieces = @case.Split is int at && at > 0 && at < bytes.Length ? [bytes[..at], bytes[at..]] : [bytes];
        var responses = await RawHttp.ExchangeAllAsync(edge, pieces, halfClose: true, TimeSpan.FromSeconds(5));
        return responses.Count == 0 ? new Outcome(RawHttp.Closed, []) : new Outcome(responses[0].Status, responses[0].Body);
    }

    /// <summary>One generated request: its bytes, where (if anywhere) they are split into two writes, and which lane it tries.</summary>
    internal sealed record Case(string Text, int? Split, bool OnSockets)
    {
        public override string ToString() =>
            $"split at {Split?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: \"{Escape(Text)}\"";

        private static string Escape(string text)
        {
            var escaped = new StringBuilder();
            foreach (char c in text)
            {
                escaped.Append(c switch
                {
                    '\r' => "\\r",
                    '\n' => "\\n",
                    '\t' => "\\t",
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    < ' ' or > '~' => $"\\x{(int)c:x2}",
                    _ => c.ToString(),
                });
            }
            return escaped.ToString();
        }
    }

    /// <summary>Requests close to the lane's one shape (so it answers many), then bent: fields, forms, mutations.</summary>
    internal static Gen<Case> Cases(string key, string etag)
    {
        var method = Gen.Frequency((12, Gen.Const("GET")), (1, Gen.OneOf("HEAD", "POST", "get", "GET ", "OPTIONS", "G\tET", "")));
        var target = Gen.Frequency((12, Gen.Const("/v1/tiktok-music")), (1, Gen.OneOf(
            "/v1/tiktok-music?x=1", "/v1/tiktok-music/", "//v1/tiktok-music", "http://h/v1/tiktok-music", "*", "/v1/tiktok-music%00",
            "/v1/tiktok-music#f", "/v1/../v1/tiktok-music", "/healthz", "/V1/tiktok-music", "/v1/tiktok-music\u00ff", "")));
        var version = Gen.Frequency((12, Gen.Const("HTTP/1.1")), (1, Gen.OneOf("HTTP/1.0", "HTTP/2.0", "HTTP/1.10", "http/1.1", "HTTP/1.1 ", "HTTP/1", "HTTP/0.9", "")));
        var space = Gen.Frequency((20, Gen.Const(" ")), (1, Gen.OneOf("  ", "\t", "", " \t")));
        var requestLine = Gen.Select(method, space, target, space, version, (m, s1, t, s2, v) => m + s1 + t + s2 + v);

        var host = Gen.Frequency((6, Gen.OneOf("h", "edge.example:8080", "127.0.0.1", "[::1]:80")), (4, Gen.OneOf(
            "", "a:1:2", "127.0.0.1:http", "[::1", "a]b", "[]", "[::1]x", "h:", ":80", "h:99999999", "h h", "h@x", "h/x", "h%41",
            "\u00e9.example", "h,h", "[v1.x]", "h\u0001")));
        var contentLength = Gen.OneOf("0", "5", "+5", "-0", "+0", "0x5", "5,5", "5, 5", " 5", "5 ", "", "99999999999999999999", "00", "-1", "5\u0000");
        var transferEncoding = Gen.OneOf("chunked", "identity", "gzip, chunked", "chunked, gzip", "Chunked", " chunked", "chunked\u000b", "xchunked", "");
        var authorization = Gen.Frequency((8, Gen.Const($"Bearer {key}")), (2, Gen.OneOf($"bearer {key}", $"Bearer  {key} ", "Bearer lm_nope", "", "Basic x", $"Bearer {key}x")));
        var field = Gen.Frequency(
            (3, host.Select(v => ("Host", v))),
            (3, authorization.Select(v => ("Authorization", v))),
            (4, Gen.OneOf("gzip", "br, zstd", "identity;q=0", "*", "gzip;q=0", "", "x;;;q=,", "GZIP").Select(v => ("Accept-Encoding", v))),
            (3, Gen.OneOf(etag, "W/" + etag, "*", "\"x\", " + etag, etag[..^1], "").Select(v => ("If-None-Match", v))),
            (3, Gen.OneOf("close", "keep-alive", "Close", "close, keep-alive", "upgrade", "", "te").Select(v => ("Connection", v))),
            (3, contentLength.Select(v => ("Content-Length", v))),
            (3, transferEncoding.Select(v => ("Transfer-Encoding", v))),
            (1, Gen.OneOf("100-continue", "x").Select(v => ("Expect", v))),
            (1, Gen.OneOf("h2c", "websocket").Select(v => ("Upgrade", v))),
            (2, Gen.OneOf("X-Any", "host", "HOST", "Content-length", "transfer-encoding", "Hos t", " Host", "Host ", "X\u00e9", "", "X:Y", "X\u0000").Select(n => (n, "v"))),
            (2, Gen.Char["abc \t\"\\,;=:/\u0000\u0001\u007f\u0080\u00ff"].Array[0, 6].Select(c => ("X-Junk", new string(c)))));
        var separator = Gen.Frequency((20, Gen.Const(": ")), (1, Gen.OneOf(":", ":\t", " : ", ":  ", "::", "")));
        var lineEnd = Gen.Frequency((30, Gen.Const("\r\n")), (1, Gen.OneOf("\n", "\r", "\r\r\n", "\n\r", "\r\n ", "\r\n\t")));
        Gen<string> Line(Gen<(string, string)> of) => Gen.Select(of, separator, lineEnd, (f, sep, end) => f.Item1 + sep + f.Item2 + end);
        // A Host and an Authorization in most requests, at any place among 0-5 other fields (which may repeat them).
        var fields = Gen.Select(Line(host.Select(v => ("Host", v))), Line(authorization.Select(v => ("Authorization", v))), Line(field).Array[0, 5],
            Gen.Int[0, 5], Gen.Int[0, 6], Gen.Int[0, 9], (h, a, others, hostAt, authAt, leave) =>
            {
                var all = others.ToList();
                if (leave != 0) // one in ten without a Host, one in ten without an Authorization
                {
                    all.Insert(Math.Min(hostAt, all.Count), h);
                }
                if (leave != 1)
                {
                    all.Insert(Math.Min(authAt, all.Count), a);
                }
                return string.Concat(all);
            });
        var after = Gen.Frequency((10, Gen.Const("")), (1, Gen.OneOf("hello", "0\r\n\r\n", "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n",
            $"GET /v1/tiktok-music HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer {key}\r\n\r\n")));
        var end = Gen.Frequency((20, Gen.Const("\r\n")), (1, Gen.OneOf("\n", "", "\r")));
        var request = Gen.Select(requestLine, lineEnd, fields, end, after, (rl, le, f, e, a) => rl + le + f + e + a);

        // Mutations: a byte inserted, dropped or replaced somewhere, or a line repeated.
        var mutated = Gen.Frequency(
            (6, request),
            (1, Gen.Select(request, Gen.Int[0, 400], Gen.Char["\r\n\t :\u0000\u00ff/"], (r, at, c) => r.Insert(Math.Min(at, r.Length), c.ToString()))),
            (1, Gen.Select(request, Gen.Int[0, 400], (r, at) => r.Length == 0 ? r : r.Remove(Math.Min(at, r.Length - 1), 1))),
            (1, Gen.Select(request, Gen.Int[0, 400], Gen.Char["\r\n\t :\u0000\u00ff/Ab"], (r, at, c) =>
                r.Length == 0 ? r : string.Concat(r.AsSpan(0, Math.Min(at, r.Length - 1)), c.ToString(), r.AsSpan(Math.Min(at, r.Length - 1) + 1)))));
        var split = Gen.Frequency((4, Gen.Const((int?)null)), (1, Gen.Int[1, 300].Select(i => (int?)i)));
        return Gen.Select(mutated, split, Gen.Bool, (text, at, sockets) => new Case(text, at, sockets));
    }
}
