using System.Net.Sockets;
using System.Security.Cryptography;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// The fast lane against the published AOT binary: byte-for-byte the answers of Kestrel's pipeline, pipelined
/// and split requests, the hand-over, and connection lifetime (shutdown, keep-alive timeout).
/// </summary>
public class FastLaneTests
{
    private const string Path = "/v1/tiktok-music";

    // 400 tracks: an identity body of ~160 KB, so a few pipelined ones fill the socket's buffers and the
    // responder's wait-for-the-socket path runs too.
    private const int Tracks = 400;

    [Fact]
    public async Task Every_answer_with_or_without_sendfile_or_the_epoll_transport_is_the_one_kestrels_pipeline_gives()
    {
        using var world = new EdgeWithStore();
        string revoked = Layers.Catalog.Keys.ApiKeys.Generate();
        await world.Store.SetKeysAsync(("k", world.Key, false), ("r", revoked, true));
        await world.StartAsync(tracks: Tracks);
        var plain = await world.StartAnotherEdgeAsync(new Dictionary<string, string?> { ["LAYERS_FAST_LANE"] = "off" });
        var copying = await world.StartAnotherEdgeAsync(new Dictionary<string, string?> { ["LAYERS_SENDFILE"] = "off" });
        var sockets = await world.StartAnotherEdgeAsync(new Dictionary<string, string?> { ["LAYERS_TRANSPORT"] = "sockets" });
        Assert.Equal(1, world.Edge.OpenFiles("/memfd:layers-bodies")); // large bodies go by sendfile from it
        Assert.Equal(0, copying.OpenFiles("/memfd:layers-bodies"));
        Assert.Contains("layers-epoll", world.Edge.ThreadNames()); // the edge's own transport is the default
        Assert.DoesNotContain("layers-epoll", sockets.ThreadNames());

        using var probe = await world.Edge.Client.SendAsync(With(world.Request(), ("Accept-Encoding", "gzip")));
        string gzipTag = probe.Headers.ETag!.Tag;
        (string Name, string Value)[][] requests =
        [
            [("Authorization", $"Bearer {world.Key}")],
            [("Authorization", $"Bearer {world.Key}"), ("Accept-Encoding", "gzip")],
            [("Authorization", $"Bearer {world.Key}"), ("Accept-Encoding", "br")],
            [("Authorization", $"Bearer {world.Key}"), ("Accept-Encoding", "gzip, deflate, br, zstd")],
            [("Authorization", $"Bearer {world.Key}"), ("Accept-Encoding", "br;q=0.2, gzip;q=0.9, identity;q=0")],
            [("Authorization", $"Bearer {world.Key}"), ("Accept-Encoding", "identity;q=0")],
            [("Authorization", $"Bearer {world.Key}"), ("Accept-Encoding", "")],
            [],
            [("Authorization", "Basic dXNlcjpwYXNz")],
            [("Authorization", "Bearer lm_unknown")],
            [("Authorization", $"Bearer {revoked}")],
            [("Authorization", $"Bearer {world.Key}"), ("Accept-Encoding", "gzip"), ("If-None-Match", gzipTag)],
            [("Authorization", $"Bearer {world.Key}"), ("Accept-Encoding", "br"), ("If-None-Match", gzipTag)],
            [("Authorization", $"Bearer {world.Key}"), ("If-None-Match", "*")],
            [("Authorization", $"Bearer {world.Key}"), ("Accept-Encoding", "gzip"), ("If-None-Match", $"\"x\", W/{gzipTag}")],
            [("Authorization", $"Bearer {world.Key}"), ("If-None-Match", "garbage")],
            [("Authorization", $"Bearer {world.Key}"), ("Accept-Encoding", "gzip"), ("Connection", "close")],
            [("Authorization", $"Bearer {world.Key}"), ("Accept-Encoding", "gzip"), ("If-None-Match", gzipTag), ("Connection", "close")],
            [("Connection", "close")],
        ];
        double before = await world.Edge.MetricAsync("layers_fast_lane_requests_total");
        // Fresh connections: the edge's own Client has been to /readyz, which handed its connection to Kestrel.
        using var fastClient = NewClient(world.Edge);
        using var plainClient = NewClient(plain);
        using var copyingClient = NewClient(copying);
        using var socketsClient = NewClient(sockets);
        foreach (var headers in requests)
        {
            string reference = await Describe(plainClient, headers);
            Assert.Equal(reference, await Describe(fastClient, headers));
            Assert.Equal(reference, await Describe(copyingClient, headers));
            Assert.Equal(reference, await Describe(socketsClient, headers));
        }
        Assert.Equal(before + requests.Length, await world.Edge.MetricAsync("layers_fast_lane_requests_total"));
        Assert.Equal(0, await plain.MetricAsync("layers_fast_lane_requests_total"));
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order_across_the_hand_over()
    {
        using var world = await new EdgeWithStore().StartAsync(tracks: Tracks);
        var (_, _, gzip) = await GetGzip(world);
        using var probe = await world.Edge.Client.SendAsync(With(world.Request(), ("Accept-Encoding", "gzip")));
        double handoffs = await world.Edge.MetricAsync("layers_fast_lane_handoffs_total");

        string auth = $"Authorization: Bearer {world.Key}\r\n";
        string pipelined =
            $"GET {Path} HTTP/1.1\r\nHost: t\r\n{auth}Accept-Encoding: gzip\r\n\r\n" +
            $"GET {Path} HTTP/1.1\r\nHost: t\r\n{auth}Accept-Encoding: gzip\r\nIf-None-Match: {probe.Headers.ETag!.Tag}\r\n\r\n" +
            $"GET {Path} HTTP/1.1\r\nHost: t\r\n{auth}\r\n" +
            $"GET {Path}?page=2 HTTP/1.1\r\nHost: t\r\n{auth}Accept-Encoding: gzip\r\n\r\n" +
            $"GET {Path} HTTP/1.1\r\nHost: t\r\n{auth}Accept-Encoding: gzip\r\nConnection: close\r\n\r\n";
        var responses = await RawHttp.ExchangeAllAsync(world.Edge, pipelined, halfClose: false);

        Assert.Equal([200, 304, 200, 200, 200], responses.Select(r => r.Status));
        Assert.Equal(gzip, responses[0].Body);
        Assert.Equal(gzip, responses[3].Body); // Kestrel's answer (a query string is not the lane's)
        Assert.Equal(gzip, responses[4].Body);
        Assert.Empty(responses[1].Body);
        Assert.Equal((await world.GetAsync()).Body, responses[2].Body); // identity
        Assert.Equal(handoffs + 1, await world.Edge.MetricAsync("layers_fast_lane_handoffs_total"));
    }

    [Fact]
    public async Task A_request_to_close_is_the_lanes_and_the_connection_closes_after_its_response()
    {
        using var world = await new EdgeWithStore().StartAsync(tracks: Tracks);
        var (_, _, gzip) = await GetGzip(world);
        double served = await world.Edge.MetricAsync("layers_fast_lane_requests_total");
        double handoffs = await world.Edge.MetricAsync("layers_fast_lane_handoffs_total");

        string request = $"GET {Path} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {world.Key}\r\nAccept-Encoding: gzip\r\n";
        // The request after the closing one is never answered: the server closes once the first response is sent.
        var responses = await RawHttp.ExchangeAllAsync(world.Edge, request + "Connection: close\r\n\r\n" + request + "\r\n", halfClose: false);

        Assert.Equal([200], responses.Select(r => r.Status));
        Assert.Equal(gzip, responses[0].Body);
        Assert.Equal(served + 1, await world.Edge.MetricAsync("layers_fast_lane_requests_total"));
        Assert.Equal(handoffs, await world.Edge.MetricAsync("layers_fast_lane_handoffs_total"));
    }

    [Theory]
    [InlineData("")] // the lane's responder
    [InlineData("?via=kestrel")] // a query string is Kestrel's: its output pipe and the transport's send loop
    public async Task A_client_that_stops_reading_gets_every_byte_once_it_reads_again(string query)
    {
        using var world = await new EdgeWithStore().StartAsync(tracks: Tracks);
        byte[] identity = (await world.GetAsync()).Body;
        const int Count = 30; // ~4.8 MB of responses: far more than the socket buffers on both sides hold
        double before = await world.Edge.MetricAsync("layers_fast_lane_requests_total");

        using var client = await ConnectAsync(world.Edge, receiveBufferSize: 4096);
        var stream = client.GetStream();
        string request = $"GET {Path}{query} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {world.Key}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(request, Count))));
        // Wait until the edge has filled the client's receive buffer and its own send queue: it is then waiting for
        // the socket, which is the path this test is about.
        int clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        await world.Edge.WaitUntilAsync(() => Task.FromResult(client.Available > 0 && TcpQueues.SendQueueBytes(world.Edge.BaseAddress.Port, clientPort) > 0), TimeSpan.FromSeconds(10));

        for (int i = 0; i < Count; i++)
        {
            var response = await ReadResponse(stream);
            Assert.Equal(200, response.Status);
            Assert.Equal(identity, response.Body);
        }
        Assert.Equal(before + (query == "" ? Count : 0), await world.Edge.MetricAsync("layers_fast_lane_requests_total"));
        Assert.Equal(HttpStatusCode.OK, (await world.GetAsync()).Status);
    }

    [Fact]
    public async Task Clients_that_reset_mid_response_or_close_mid_request_leave_the_node_serving()
    {
        using var world = await new EdgeWithStore().StartAsync(tracks: Tracks);
        byte[] request = Encoding.ASCII.GetBytes($"GET {Path} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {world.Key}\r\n\r\n");
        for (int i = 0; i < 20; i++)
        {
            using var client = await ConnectAsync(world.Edge, receiveBufferSize: 4096);
            client.LingerState = new LingerOption(true, 0); // close sends a reset
            var stream = client.GetStream();
            if (i % 2 == 0)
            {
                await stream.WriteAsync(request);
                await stream.ReadExactlyAsync(new byte[100]); // the response has started; 160 KB of it is still to come
            }
            else
            {
                await stream.WriteAsync(request.AsMemory(0, 20)); // half a request line
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await world.GetAsync()).Status);
        Assert.Equal(HttpStatusCode.OK, (await world.Edge.Client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task A_key_revoked_while_its_connection_is_open_is_refused_on_that_connection()
    {
        using var world = new EdgeWithStore();
        string other = Layers.Catalog.Keys.ApiKeys.Generate();
        await world.Store.SetKeysAsync(("k", world.Key, false), ("o", other, false));
        await world.StartAsync();
        using var client = await ConnectAsync(world.Edge);
        var stream = client.GetStream();
        Task<int> Get(string key) => StatusOnConnection(stream, key);
        // The connection remembers the last key it authorized; a different one, or a near miss, is checked afresh.
        int[] statuses = [await Get(world.Key), await Get(world.Key), await Get(world.Key[..^1]),
            await Get(other), await Get(world.Key + "x"), await Get(world.Key)];
        Assert.Equal([200, 200, 401, 200, 401, 200], statuses);

        double reloads = await world.Edge.MetricAsync("layers_keyset_reloads_total");
        await world.Store.SetKeysAsync(("k", world.Key, true), ("o", other, false));
        await world.Edge.WaitUntilAsync(async () => await world.Edge.MetricAsync("layers_keyset_reloads_total") > reloads, TimeSpan.FromSeconds(10));

        Assert.Equal(401, await Get(world.Key));
        Assert.Equal(200, await Get(other));
    }

    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    public async Task A_key_that_expires_while_its_connection_is_open_is_refused_on_that_connection(string fastLane)
    {
        using var world = new EdgeWithStore();
        // Whole seconds, as key files hold them. The edge starts and answers twice before it: 5-6 s leaves room on a
        // slow, busy CI machine (the assertion below says so if not).
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 6);
        await world.Store.SetKeysAsync(("k", world.Key, false, (DateTimeOffset?)expiresAt));
        await world.StartAsync(environment: new Dictionary<string, string?> { ["LAYERS_FAST_LANE"] = fastLane });
        using var client = await ConnectAsync(world.Edge);
        var stream = client.GetStream();
        Task<int> Get() => StatusOnConnection(stream, world.Key);
        double lane = await world.Edge.MetricAsync("layers_fast_lane_requests_total");

        int[] before = [await Get(), await Get()]; // the second is the one the connection's key memo answers
        Assert.True(DateTimeOffset.UtcNow < expiresAt, "the machine was too slow to ask before the key expired");
        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100)); // the clock passing the expiry is what is tested
        int after = await Get();

        Assert.Equal([200, 200], before);
        Assert.Equal(401, after);
        Assert.Equal(fastLane == "on" ? lane + 3 : lane, await world.Edge.MetricAsync("layers_fast_lane_requests_total"));
        Assert.True(client.Connected);
    }

    [Fact]
    public async Task A_request_that_arrives_in_pieces_is_answered_by_the_lane_once_its_head_is_whole()
    {
        using var world = await new EdgeWithStore().StartAsync(tracks: Tracks);
        var (_, _, gzip) = await GetGzip(world);
        byte[] request = Encoding.ASCII.GetBytes($"GET {Path} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {world.Key}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
        double served = await world.Edge.MetricAsync("layers_fast_lane_requests_total");
        double handoffs = await world.Edge.MetricAsync("layers_fast_lane_handoffs_total");

        var responses = await RawHttp.ExchangeAllAsync(world.Edge, [request[..25], request[25..60], request[60..]], halfClose: false);

        Assert.Equal(200, Assert.Single(responses).Status);
        Assert.Equal(gzip, responses[0].Body);
        Assert.Equal(served + 1, await world.Edge.MetricAsync("layers_fast_lane_requests_total"));
        Assert.Equal(handoffs, await world.Edge.MetricAsync("layers_fast_lane_handoffs_total"));
    }

    [Fact]
    public async Task A_head_that_never_completes_is_closed_at_the_request_headers_timeout()
    {
        using var world = await new EdgeWithStore().StartAsync();
        using var client = await ConnectAsync(world.Edge);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {Path} HTTP/1.1\r\nHost: t\r\n"));

        // Kestrel's RequestHeadersTimeout (30 s) and its once-a-second heartbeat; the keep-alive timeout is 130 s.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        int read = await stream.ReadAsync(new byte[1], timeout.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : -1);
        Assert.Equal(0, read);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task Shutdown_closes_idle_keep_alive_connections_at_once()
    {
        using var world = await new EdgeWithStore().StartAsync();
        using var client = await ConnectAsync(world.Edge);
        var stream = client.GetStream();
        Assert.Equal(200, await StatusOnConnection(stream, world.Key));

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        world.Edge.Process.Terminate();
        Assert.Equal(0, await world.Edge.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {stopwatch.Elapsed}");
        Assert.Equal(0, await stream.ReadAsync(new byte[1])); // closed by the server
    }

    [Fact]
    public async Task Idle_keep_alive_connections_are_closed_after_the_keep_alive_timeout()
    {
        using var world = await new EdgeWithStore().StartAsync(environment: new Dictionary<string, string?> { ["LAYERS_KEEP_ALIVE_TIMEOUT"] = "2s" });
        using var client = await ConnectAsync(world.Edge);
        var stream = client.GetStream();
        Assert.Equal(200, await StatusOnConnection(stream, world.Key));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        int read = await stream.ReadAsync(new byte[1], timeout.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : 0);
        Assert.Equal(0, read);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await world.GetAsync()).Status); // and the node still serves
    }

    private static async Task<(HttpStatusCode, string?, byte[])> GetGzip(EdgeWithStore world)
    {
        using var response = await world.Edge.Client.SendAsync(With(world.Request(), ("Accept-Encoding", "gzip")));
        return (response.StatusCode, response.Headers.ETag?.Tag, await response.Content.ReadAsByteArrayAsync());
    }

    private static HttpClient NewClient(EdgeServer edge) =>
        new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = edge.BaseAddress };

    private static HttpRequestMessage With(HttpRequestMessage request, params (string Name, string Value)[] headers)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    /// <summary>Status, every header but Date (sorted), and the body's hash: what must not differ between the lanes.</summary>
    private static async Task<string> Describe(HttpClient client, (string Name, string Value)[] headers)
    {
        using var request = With(new HttpRequestMessage(HttpMethod.Get, Path), headers);
        using var response = await client.SendAsync(request);
        var lines = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key != "Date")
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")
            .Order(StringComparer.Ordinal);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        return $"{(int)response.StatusCode}\n{string.Join('\n', lines)}\n{body.Length} {Convert.ToHexString(SHA256.HashData(body))}";
    }

    private static async Task<TcpClient> ConnectAsync(EdgeServer edge, int? receiveBufferSize = null)
    {
        var client = new TcpClient();
        if (receiveBufferSize is int size)
        {
            client.ReceiveBufferSize = size;
        }
        await client.ConnectAsync(IPAddress.Loopback, edge.BaseAddress.Port);
        return client;
    }

    /// <summary>The status of a list request with <paramref name="key"/>, sent on an open keep-alive connection.</summary>
    private static async Task<int> StatusOnConnection(Stream stream, string key)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {Path} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {key}\r\n\r\n"));
        return (await ReadResponse(stream)).Status;
    }

    private static Task<(int Status, byte[] Body)> ReadResponse(Stream stream) => HttpWire.ReadResponseAsync(stream);
}
