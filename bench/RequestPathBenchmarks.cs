using BenchmarkDotNet.Attributes;
using Layers.EdgeCatalog.Api;
using Layers.EdgeCatalog.Auth;
using Layers.EdgeCatalog.Serving;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Layers.Bench;

/// <summary>
/// The edge's request path over a 1,000-track snapshot, piece by piece (key check, encoding negotiation,
/// conditional check) and whole (the GET handler on a reused HttpContext, writing into a discarding body:
/// everything but Kestrel's own socket work).
/// </summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private readonly StringValues _authorization = new($"Bearer {BenchData.Key}");
    private readonly StringValues _acceptEncoding = new("gzip, deflate, br, zstd");
    private DefaultHttpContext _context = null!;
    private CatalogState _state = null!;
    private KeySet _keys = null!;
    private StringValues _ifNoneMatchGzip;
    private string _gzipETag = "";
    private long _now;

    [GlobalSetup]
    public void Setup()
    {
        (_state, _keys, var catalog) = BenchData.ServingState(1000);
        _gzipETag = catalog.List(ContentEncoding.Gzip).ETag;
        _ifNoneMatchGzip = new StringValues($"\"other\", {_gzipETag}");
        _now = DateTimeOffset.UtcNow.UtcTicks;
        _context = new DefaultHttpContext();
        _context.Request.Method = HttpMethods.Get;
        _context.Request.Path = "/v1/tiktok-music";
        _context.Response.Body = Stream.Null;
    }

    [Benchmark]
    public int KeyCheck() => (int)_keys.Authorize(_authorization.ToString(), _now);

    [Benchmark]
    public ContentEncoding? Negotiate() => ContentNegotiation.Select(_acceptEncoding);

    [Benchmark]
    public bool ConditionalCheck() => EntityTagMatch.IfNoneMatchHits(_ifNoneMatchGzip, _gzipETag);

    [Benchmark]
    public Task Handler_200_gzip() => Serve(ifNoneMatch: default);

    /// <summary>
    /// The harness's own cost inside Handler_200_gzip: DefaultHttpContext's HeaderDictionary stores Content-Length
    /// as a string, where Kestrel's response headers keep a long.
    /// </summary>
    [Benchmark]
    public long HarnessOnly_ContentLength()
    {
        _context.Response.ContentLength = 61_234;
        return _context.Response.ContentLength ?? 0;
    }

    [Benchmark]
    public Task Handler_304() => Serve(_ifNoneMatchGzip);

    private Task Serve(StringValues ifNoneMatch)
    {
        var request = _context.Request.Headers;
        request.Authorization = _authorization;
        request.AcceptEncoding = "gzip";
        request.IfNoneMatch = ifNoneMatch;
        _context.Response.Headers.Clear();
        _context.Response.StatusCode = 200;
        return CatalogApi.ServeList(_context, _state, TimeProvider.System);
    }
}

/// <summary>Loading a snapshot off the request path: decompress, verify, validate, precompute every response.</summary>
[MemoryDiagnoser]
public class SnapshotLoadBenchmarks
{
    private byte[] _blob = [];

    [Params(1_000, 10_000, 100_000)]
    public int Tracks { get; set; }

    [GlobalSetup]
    public void Setup() => _blob = BenchData.Blob(Tracks);

    /// <summary>Includes writing the large list bodies to the catalog's sendfile file, as a swap does; disposed as a swap disposes the one it replaces.</summary>
    [Benchmark]
    public int LoadAndPrecompute()
    {
        using var catalog = ServingCatalog.From(SnapshotReader.Read(_blob));
        return catalog.Meta.TrackCount;
    }
}

/// <summary>The builder's serialization: track JSON, the four list codings (br 11, zstd 19, gzip), detail bodies, the zstd frame.</summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private List<Layers.Catalog.Tracks.Track> _tracks = [];

    [GlobalSetup]
    public void Setup() => _tracks = BenchData.Tracks(1_000);

    [Benchmark]
    public byte[] ListBodyJson_1k() => Layers.Catalog.Tracks.TrackJson.ListBody(_tracks);

    [Benchmark]
    public WrittenSnapshot WriteSnapshot_1k() => SnapshotWriter.Write("bench", DateTimeOffset.UnixEpoch, _tracks);
}
