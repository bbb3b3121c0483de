using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// The fast lane and Kestrel's pipeline send the same bytes: each request is written over a raw socket to the published
/// edge with the lane on and with it off (same store), and everything that comes back until the server closes — status
/// line, every header in order with any duplicates, framing, body, and the response to a request pipelined behind it —
/// must be identical but for the Date value. Every kind of answer the lane writes is here (each status, coding and
/// conditional outcome, keep-alive and close), and the requests it hands to Kestrel (HEAD, HTTP/1.0, a repeated
/// Authorization, a query, the track route), which prove the hand-over loses nothing. Each case also checks, by the
/// lane's counters, that the lane itself answered (or refused, or handed over) as the case says.
/// </summary>
public sealed class LaneWireEquivalenceTests(LaneWireEquivalenceTests.LanePair pair) : IClassFixture<LaneWireEquivalenceTests.LanePair>
{
    private const string Path = "/v1/tiktok-music";

    /// <summary>Who answers a request with the lane on.</summary>
    public enum Answerer
    {
        Lane,
        Kestrel,

        /// <summary>The lane refuses it (400, close) before Kestrel sees it; Kestrel refuses it the same way.</summary>
        LaneRefuses,
    }

    /// <summary>A request head (its request line and fields, without the blank line) and who answers it.</summary>
    private sealed record Case(Func<LanePair, string> Head, Answerer Answerer);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["200 identity"] = Get(p => Auth(p.Reader)),
        ["200 identity asked for"] = Get(p => Auth(p.Reader) + "Accept-Encoding: identity\r\n"),
        ["200 gzip"] = Get(p => Auth(p.Reader) + "Accept-Encoding: gzip\r\n"),
        ["200 br"] = Get(p => Auth(p.Reader) + "Accept-Encoding: br\r\n"),
        ["200 zstd"] = Get(p => Auth(p.Reader) + "Accept-Encoding: gzip, deflate, br, zstd\r\n"),
        ["200 gzip by q-values"] = Get(p => Auth(p.Reader) + "Accept-Encoding: br;q=0.2, gzip;q=0.9, identity;q=0\r\n"),
        ["200 gzip, Connection: close"] = Get(p => Auth(p.Reader) + "Accept-Encoding: gzip\r\nConnection: close\r\n"),
        ["200 zstd, Connection: keep-alive"] = Get(p => Auth(p.Reader) + "Accept-Encoding: zstd\r\nConnection: keep-alive\r\n"),
        ["200 If-None-Match miss"] = Get(p => Auth(p.Reader) + "Accept-Encoding: gzip\r\nIf-None-Match: \"other\"\r\n"),
        ["200 If-None-Match of another coding"] = Get(p => Auth(p.Reader) + $"Accept-Encoding: br\r\nIf-None-Match: {p.GzipETag}\r\n"),
        ["200 If-None-Match garbage"] = Get(p => Auth(p.Reader) + "If-None-Match: garbage\r\n"),
        ["304 gzip"] = Get(p => Auth(p.Reader) + $"Accept-Encoding: gzip\r\nIf-None-Match: {p.GzipETag}\r\n"),
        ["304 identity"] = Get(p => Auth(p.Reader) + $"If-None-Match: {p.IdentityETag}\r\n"),
        ["304 weak"] = Get(p => Auth(p.Reader) + $"Accept-Encoding: gzip\r\nIf-None-Match: W/{p.GzipETag}\r\n"),
        ["304 list"] = Get(p => Auth(p.Reader) + $"Accept-Encoding: gzip\r\nIf-None-Match: \"x\", W/\"y\", {p.GzipETag}\r\n"),
        ["304 star"] = Get(p => Auth(p.Reader) + "Accept-Encoding: br\r\nIf-None-Match: *\r\n"),
        ["304, Connection: close"] = Get(p => Auth(p.Reader) + $"Accept-Encoding: gzip\r\nIf-None-Match: {p.GzipETag}\r\nConnection: close\r\n"),
        ["401 missing key"] = Get(_ => ""),
        ["401 missing key, Connection: close"] = Get(_ => "Connection: close\r\n"),
        ["401 not bearer"] = Get(_ => "Authorization: Basic dXNlcjpwYXNz\r\n"),
        ["401 empty bearer"] = Get(_ => "Authorization: Bearer\r\n"),
        ["401 unknown key"] = Get(_ => "Authorization: Bearer lm_unknown\r\n"),
        ["401 revoked key"] = Get(p => Auth(p.Revoked)),
        ["401 expired key"] = Get(p => Auth(p.Expired)),
        ["403 no scope"] = Get(p => Auth(p.NoScope) + "Accept-Encoding: gzip\r\n"),
        ["406 identity refused"] = Get(p => Auth(p.Reader) + "Accept-Encoding: identity;q=0\r\n"),
        ["406, Connection: close"] = Get(p => Auth(p.Reader) + "Accept-Encoding: deflate, identity;q=0\r\nConnection: close\r\n"),
        ["401 repeated Authorization (Kestrel)"] = Kestrel(p => $"GET {Path} HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}{Auth(p.Reader)}"),
        ["HEAD 200 identity (Kestrel)"] = Kestrel(p => $"HEAD {Path} HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}"),
        ["HEAD 200 gzip (Kestrel)"] = Kestrel(p => $"HEAD {Path} HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}Accept-Encoding: gzip\r\n"),
        ["HEAD 200 br (Kestrel)"] = Kestrel(p => $"HEAD {Path} HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}Accept-Encoding: br\r\n"),
        ["HEAD 200 zstd (Kestrel)"] = Kestrel(p => $"HEAD {Path} HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}Accept-Encoding: zstd\r\n"),
        ["HEAD 304 (Kestrel)"] = Kestrel(p => $"HEAD {Path} HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}If-None-Match: *\r\n"),
        ["HEAD 401 (Kestrel)"] = Kestrel(_ => $"HEAD {Path} HTTP/1.1\r\nHost: edge\r\n"),
        ["HEAD 406 (Kestrel)"] = Kestrel(p => $"HEAD {Path} HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}Accept-Encoding: identity;q=0\r\n"),
        ["HTTP/1.0 200 gzip (Kestrel)"] = Kestrel(p => $"GET {Path} HTTP/1.0\r\nHost: edge\r\n{Auth(p.Reader)}Accept-Encoding: gzip\r\n"),
        ["HTTP/1.0 keep-alive 304 (Kestrel)"] = Kestrel(p => $"GET {Path} HTTP/1.0\r\nHost: edge\r\n{Auth(p.Reader)}If-None-Match: *\r\nConnection: keep-alive\r\n"),
        ["HTTP/1.0 401 (Kestrel)"] = Kestrel(_ => $"GET {Path} HTTP/1.0\r\n"),
        ["200 with a query (Kestrel)"] = Kestrel(p => $"GET {Path}?page=2 HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}Accept-Encoding: br\r\n"),
        ["200 track (Kestrel)"] = Kestrel(p => $"GET {Path}/{p.TrackId} HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}"),
        ["304 track (Kestrel)"] = Kestrel(p => $"GET {Path}/{p.TrackId} HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}If-None-Match: *\r\n"),
        ["404 track (Kestrel)"] = Kestrel(p => $"GET {Path}/00000000-0000-0000-0000-000000000000 HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}"),
        ["400 Content-Length not digits"] = new(p => $"GET {Path} HTTP/1.1\r\nHost: edge\r\n{Auth(p.Reader)}Content-Length: abc\r\n", Answerer.LaneRefuses),
        ["400 Content-Length a list, with a query"] = new(p => $"GET {Path}?x HTTP/1.1\r\nHost: edge\r\nContent-Length: 1,x\r\n", Answerer.LaneRefuses),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task The_lane_sends_the_bytes_kestrel_sends(string name)
    {
        var @case = Cases[name];
        string request = @case.Head(pair) + "\r\n" + Trailer;
        double answered = await pair.Lane.MetricAsync("layers_fast_lane_requests_total");
        double handoffs = await pair.Lane.MetricAsync("layers_fast_lane_handoffs_total");

        byte[] kestrel = await ExchangeAsync(pair.NoLane, request);
        byte[] lane = await ExchangeAsync(pair.Lane, request);

        AssertSameBytes(kestrel, lane);
        bool closes = @case.Head(pair).Contains("Connection: close", StringComparison.Ordinal);
        Assert.Equal(answered + (@case.Answerer == Answerer.Lane ? 1 : 0), await pair.Lane.MetricAsync("layers_fast_lane_requests_total"));
        // The trailer is handed over whenever the lane keeps the connection after answering; a refusal hands over nothing.
        int handedOver = @case.Answerer switch
        {
            Answerer.Lane => closes ? 0 : 1,
            Answerer.Kestrel => 1,
            _ => 0,
        };
        Assert.Equal(handoffs + handedOver, await pair.Lane.MetricAsync("layers_fast_lane_handoffs_total"));
    }

    [Theory]
    [InlineData("GET {0} HTTP/1.1\r\nHost: edge\r\nAuthorization: Bearer {1}\r\nAccept-Encoding: gzip\r\n", Answerer.Lane)]
    [InlineData("GET {0} HTTP/1.1\r\nHost: edge\r\nAuthorization: Bearer {1}\r\nConnection: close\r\n", Answerer.Lane)]
    [InlineData("GET {0} HTTP/1.1\r\nHost: edge\r\nAuthorization: Bearer {1}\r\nAccept-Encoding: identity;q=0\r\n", Answerer.Lane)]
    [InlineData("HEAD {0} HTTP/1.1\r\nHost: edge\r\nAuthorization: Bearer {1}\r\n", Answerer.Kestrel)]
    public async Task With_keys_but_before_a_snapshot_the_lane_sends_the_bytes_kestrel_sends(string head, Answerer answerer)
    {
        string request = string.Format(System.Globalization.CultureInfo.InvariantCulture, head, Path, pair.EmptyReader) + "\r\n" + Trailer;
        double answered = await pair.EmptyLane.MetricAsync("layers_fast_lane_requests_total");

        byte[] kestrel = await ExchangeAsync(pair.EmptyNoLane, request);
        byte[] lane = await ExchangeAsync(pair.EmptyLane, request);

        Assert.StartsWith("HTTP/1.1 500 ", Encoding.Latin1.GetString(kestrel), StringComparison.Ordinal);
        AssertSameBytes(kestrel, lane);
        Assert.Equal(answered + (answerer == Answerer.Lane ? 1 : 0), await pair.EmptyLane.MetricAsync("layers_fast_lane_requests_total"));
    }

    /// <summary>Pipelined behind each case: a request both answer alike (Kestrel's, by its query), closing the connection, so reading ends at the server's close.</summary>
    private const string Trailer = $"GET {Path}?end HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n";

    private static Case Get(Func<LanePair, string> fields) => new(p => $"GET {Path} HTTP/1.1\r\nHost: edge\r\n{fields(p)}", Answerer.Lane);

    private static Case Kestrel(Func<LanePair, string> head) => new(head, Answerer.Kestrel);

    private static string Auth(string key) => $"Authorization: Bearer {key}\r\n";

    /// <summary>Writes <paramref name="request"/> and returns every byte that comes back until the server closes.</summary>
    private static async Task<byte[]> ExchangeAsync(EdgeServer edge, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, edge.BaseAddress.Port);
        await socket.SendAsync(Encoding.Latin1.GetBytes(request));
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }
        return received.ToArray();
    }

    private static readonly Regex DateValue = new("\r\nDate: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT\r\n", RegexOptions.CultureInvariant);

    /// <summary>Equal bytes but for each Date value (an IMF-fixdate, so of one length); on a difference, where it starts.</summary>
    private static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        string Masked(byte[] bytes) => DateValue.Replace(Encoding.Latin1.GetString(bytes), "\r\nDate: <date>\r\n");
        string kestrel = Masked(expected), lane = Masked(actual);
        Assert.True(DateValue.IsMatch(Encoding.Latin1.GetString(expected)), "Kestrel's response has no Date");
        if (kestrel == lane)
        {
            return;
        }
        int at = 0;
        while (at < Math.Min(kestrel.Length, lane.Length) && kestrel[at] == lane[at])
        {
            at++;
        }
        string Around(string text) => Escape(text[Math.Max(0, at - 120)..Math.Min(text.Length, at + 120)]);
        Assert.Fail($"the responses differ at byte {at} ({kestrel.Length} bytes from Kestrel, {lane.Length} with the lane)\n" +
            $"kestrel: {Around(kestrel)}\nlane:    {Around(lane)}");
    }

    private static string Escape(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>
    /// A store with a snapshot and keys in every state, served by the edge with the lane and without it; and a store
    /// with a key set but no snapshot (a good key's requests are 500s), served both ways.
    /// </summary>
    public sealed class LanePair : IAsyncLifetime
    {
        private readonly EdgeWithStore _world = new();
        private readonly EdgeWithStore _empty = new();

        private readonly KeysInEveryState _keys;

        public LanePair()
        {
            _keys = new KeysInEveryState(_world.Key);
        }

        public string Reader => _keys.Reader;

        public string NoScope => _keys.NoScope;

        public string Revoked => _keys.Revoked;

        public string Expired => _keys.Expired;

        public string TrackId { get; } = TestStore.Tracks(30, seed: 1)[0].Id;

        public string GzipETag { get; private set; } = "";

        public string IdentityETag { get; private set; } = "";

        public EdgeServer Lane => _world.Edge;

        public EdgeServer NoLane { get; private set; } = null!;

        /// <summary>The key of the store with no snapshot.</summary>
        public string EmptyReader => _empty.Key;

        public EdgeServer EmptyLane => _empty.Edge;

        public EdgeServer EmptyNoLane { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await _world.Store.SetKeysAsync(_keys.Records);
            await _world.StartAsync(tracks: 30);
            NoLane = await _world.StartAnotherEdgeAsync(new Dictionary<string, string?> { ["LAYERS_FAST_LANE"] = "off" });
            await _empty.StartAsync(firstVersion: null, waitUntilReady: false);
            EmptyNoLane = await _empty.StartAnotherEdgeAsync(new Dictionary<string, string?> { ["LAYERS_FAST_LANE"] = "off" }, waitUntilReady: false);
            foreach (var edge in new[] { EmptyLane, EmptyNoLane })
            {
                // Once the key set is in, a request without a key is a 401 (before, a 500): the key's requests are then 500 for want of a snapshot alone.
                await edge.WaitUntilAsync(async () => (await edge.Client.GetAsync(Path)).StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(30));
            }
            GzipETag = await ETagAsync("gzip");
            IdentityETag = await ETagAsync("identity");
        }

        private async Task<string> ETagAsync(string coding)
        {
            using var request = _world.Request();
            request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
            using var response = await NoLane.Client.SendAsync(request);
            return response.Headers.ETag!.Tag;
        }

        public Task DisposeAsync()
        {
            _world.Dispose();
            _empty.Dispose();
            return Task.CompletedTask;
        }
    }
}
