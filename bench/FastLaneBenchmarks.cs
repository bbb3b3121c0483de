using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using Layers.Catalog.Snapshots;
using Layers.EdgeCatalog.FastLane;
using Layers.EdgeCatalog.Observability;

namespace Layers.Bench;

/// <summary>
/// The edge's hot path as it runs under Kestrel: the fast lane parsing a received request and writing the
/// whole response into a connection pipe (then drained, as the socket would), over a 1,000-track snapshot.
/// Everything per request except the two syscalls.
/// </summary>
[MemoryDiagnoser]
public class FastLaneBenchmarks
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private FastLaneConnection _lane = null!;
    private ReadOnlySequence<byte> _get200;
    private ReadOnlySequence<byte> _get304;
    private ReadOnlySequence<byte> _unknownKey;

    [GlobalSetup]
    public void Setup()
    {
        var (state, _, catalog) = BenchData.ServingState(1000);
        _lane = new FastLaneConnection(state, TimeProvider.System, new EdgeMetrics(state, TimeProvider.System), TimeSpan.FromMinutes(2));
        string head = "GET /v1/tiktok-music HTTP/1.1\r\nHost: edge.example\r\nUser-Agent: publish-service/1.0\r\nAccept-Encoding: gzip, br\r\n";
        _get200 = Request(head + $"Authorization: Bearer {BenchData.Key}\r\n\r\n");
        _get304 = Request(head + $"Authorization: Bearer {BenchData.Key}\r\nIf-None-Match: {catalog.List(ContentEncoding.Brotli).ETag}\r\n\r\n");
        _unknownKey = Request(head + "Authorization: Bearer lm_not_a_key_this_node_knows\r\n\r\n");
    }

    private static ReadOnlySequence<byte> Request(string text) => new(Encoding.ASCII.GetBytes(text));

    [Benchmark]
    public long Lane_200_br() => Serve(_get200);

    [Benchmark]
    public long Lane_304() => Serve(_get304);

    [Benchmark]
    public long Lane_401() => Serve(_unknownKey);

    private long Serve(ReadOnlySequence<byte> request)
    {
        var buffer = request;
        _lane.ServeCompleteRequests(ref buffer, _pipe.Writer, out _);
        _pipe.Writer.FlushAsync().GetAwaiter().GetResult();
        _pipe.Reader.TryRead(out var written);
        long length = written.Buffer.Length;
        _pipe.Reader.AdvanceTo(written.Buffer.End);
        return length;
    }
}
