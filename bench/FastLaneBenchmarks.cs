using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Layers.EdgeCatalog.Auth;
using Layers.EdgeCatalog.FastLane;
using Layers.EdgeCatalog.Observability;

namespace Layers.Bench;

/// <summary>
/// The edge's hot path as it runs under Kestrel, over a 1,000-track snapshot: the fast lane parsing a received
/// request, deciding the response and sending it on a real loopback TCP socket (<c>sendmsg</c>, and <c>sendfile</c> for a
/// large body), then this benchmark draining it at the peer. Everything per request but Kestrel's receive; the syscalls included.
/// </summary>
[MemoryDiagnoser]
public class FastLaneBenchmarks
{
    private readonly DateHeader _date = new(TimeProvider.System);
    private readonly KeyMemo _memo = new(RequestHead.MaxValueBytes); // one keep-alive connection's
    private readonly byte[] _drain = new byte[256 * 1024];
    private FastLaneConnection _lane = null!;
    private Socket _server = null!;
    private Socket _client = null!;
    private SocketResponder _responder = null!;
    private byte[] _get200 = null!;
    private byte[] _get304 = null!;
    private byte[] _unknownKey = null!;
    private (long Get200, long Get304, long UnknownKey) _responseBytes;

    [GlobalSetup]
    public void Setup()
    {
        var (state, _, catalog) = BenchData.ServingState(1000);
        _lane = new FastLaneConnection(state, TimeProvider.System, _date, new EdgeMetrics(state, TimeProvider.System), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30));
        string head = "GET /v1/tiktok-music HTTP/1.1\r\nHost: edge.example\r\nUser-Agent: publish-service/1.0\r\nAccept-Encoding: gzip, br\r\n";
        _get200 = Encoding.ASCII.GetBytes(head + $"Authorization: Bearer {BenchData.Key}\r\n\r\n");
        _get304 = Encoding.ASCII.GetBytes(head + $"Authorization: Bearer {BenchData.Key}\r\nIf-None-Match: {catalog.List(ContentEncoding.Brotli).ETag}\r\n\r\n");
        _unknownKey = Encoding.ASCII.GetBytes(head + "Authorization: Bearer lm_not_a_key_this_node_knows\r\n\r\n");

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _client.Connect(listener.LocalEndPoint!);
        _server = listener.Accept();
        _server.NoDelay = true;
        _server.Blocking = false; // as Kestrel's sockets are, so large bodies go by sendfile as they do in the edge
        _responder = new SocketResponder(_server);
        // The Date value has a fixed length, so each response's size is known before the loop, not measured in it.
        _responseBytes = (ResponseBytes(_get200), ResponseBytes(_get304), ResponseBytes(_unknownKey));
    }

    private long ResponseBytes(byte[] request)
    {
        long now = DateTime.UtcNow.Ticks;
        var response = _lane.TryAnswer(request, _memo, now, out _, out _)!;
        return response.Body.Length + response.WriteHead(_drain, _date.Current, closing: false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Benchmark]
    public long Lane_200_br() => Serve(_get200, _responseBytes.Get200);

    [Benchmark]
    public long Lane_304() => Serve(_get304, _responseBytes.Get304);

    [Benchmark]
    public long Lane_401() => Serve(_unknownKey, _responseBytes.UnknownKey);

    private long Serve(byte[] request, long expected)
    {
        long now = DateTime.UtcNow.Ticks;
        var response = _lane.TryAnswer(request, _memo, now, out _, out _) ?? throw new InvalidOperationException("the lane did not answer");
        var send = _responder.SendAsync(response, _date.Current, closing: false);
        long received = 0;
        while (received < expected)
        {
            received += _client.Receive(_drain);
        }
        send.GetAwaiter().GetResult();
        return received;
    }
}
