using System.Net;
using Layers.Catalog.Keys;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.Catalog.Tracks;

namespace Layers.TestSupport;

/// <summary>
/// A store and the published AOT edge serving it with a short poll interval: the one way the tests set up an edge
/// over a store. A test seeds the store through <see cref="Store"/> (keys, snapshots, broken ones) before or after
/// <see cref="StartAsync"/>, which writes the key <see cref="Key"/> and a synthetic first snapshot unless told
/// otherwise. One test uses it with <c>using</c>; a test class shares one through a fixture that wraps it (EdgeFixture,
/// EdgeTrio, TlsEdge). Everything it started is stopped, and its folder deleted, when it is disposed.
/// </summary>
public sealed class EdgeWithStore : IDisposable
{
    private readonly IReadOnlyDictionary<string, string?> _storeEnvironment;
    private readonly List<EdgeServer> _others = [];
    private Dictionary<string, string?> _environment = [];

    /// <summary>A folder store in <see cref="Dir"/>.</summary>
    public EdgeWithStore()
    {
        StorePath = Dir.Combine("store");
        Store = new TestStore(new FileObjectStore(StorePath, create: true));
        _storeEnvironment = new Dictionary<string, string?>();
    }

    /// <summary>A fresh store on the test class's S3 server.</summary>
    public EdgeWithStore(S3rverFixture s3)
    {
        StorePath = s3.NewStoreUri();
        Store = new TestStore(s3.OpenStore(StorePath));
        _storeEnvironment = s3.Environment;
    }

    /// <summary>A folder for whatever else the test needs (certificates, caches); the folder store is in it too.</summary>
    public TempDirectory Dir { get; } = new();

    /// <summary>What the edge's LAYERS_STORE names: the folder store's path, or the s3:// URI.</summary>
    public string StorePath { get; }

    public TestStore Store { get; }

    /// <summary>A publish:read key, written to the store by <see cref="StartAsync"/> unless the test wrote a key file first.</summary>
    public string Key { get; } = ApiKeys.Generate();

    public EdgeServer Edge { get; private set; } = null!;

    public async Task<EdgeWithStore> StartAsync(string? firstVersion = "v1", int tracks = 30, IReadOnlyDictionary<string, string?>? environment = null, bool waitUntilReady = true, int port = 0, string? urls = null)
    {
        if (!await Store.Store.ExistsAsync(StoreKeys.KeyFile))
        {
            await Store.SetKeysAsync(("k", Key, false));
        }
        if (firstVersion is not null)
        {
            await Store.AnnounceAsync(firstVersion, TestStore.Write(firstVersion, tracks, seed: 1));
        }
        _environment = Merge(new Dictionary<string, string?>(_storeEnvironment) { ["LAYERS_POLL_INTERVAL"] = "200ms" }, environment);
        Edge = await EdgeServer.StartAsync(StorePath, _environment, waitUntilReady, port, urls);
        return this;
    }

    /// <summary>Announces exactly these tracks as snapshot v1 (trending and retained), then starts the edge.</summary>
    public async Task<EdgeWithStore> StartWithAsync(IReadOnlyList<Track> tracks, IReadOnlyDictionary<string, string?>? environment = null)
    {
        await Store.AnnounceAsync("v1", SnapshotWriter.Write("v1", DateTimeOffset.UtcNow, tracks));
        return await StartAsync(firstVersion: null, environment: environment);
    }

    /// <summary>
    /// One more edge over the same store, with the first one's environment changed by <paramref name="environment"/>
    /// (a null value removes a variable); stopped with this.
    /// </summary>
    public async Task<EdgeServer> StartAnotherEdgeAsync(IReadOnlyDictionary<string, string?> environment, bool waitUntilReady = true)
    {
        var edge = await EdgeServer.StartAsync(StorePath, Merge(new Dictionary<string, string?>(_environment), environment), waitUntilReady);
        _others.Add(edge);
        return edge;
    }

    /// <summary>Stops the edge process, as a crash or a deploy would.</summary>
    public void StopEdge() => Edge.Dispose();

    /// <summary>Starts the edge again on the same port and store with the same environment, as a restart would.</summary>
    public async Task RestartEdgeAsync()
    {
        int port = Edge.BaseAddress.Port;
        Edge.Dispose();
        Edge = await EdgeServer.StartAsync(StorePath, _environment, true, port);
    }

    public HttpRequestMessage Request(string? key = null, string path = "/v1/tiktok-music")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {key ?? Key}");
        return request;
    }

    public async Task<(HttpStatusCode Status, string? ETag, byte[] Body)> GetAsync(string path = "/v1/tiktok-music", string? key = null)
    {
        using var response = await Edge.Client.SendAsync(Request(key, path));
        return (response.StatusCode, response.Headers.ETag?.Tag, await response.Content.ReadAsByteArrayAsync());
    }

    public async Task<string> ServedVersionAsync() => (await Edge.Client.GetStringAsync("/readyz")).Trim().Split(' ')[1];

    public void Dispose()
    {
        foreach (var edge in _others)
        {
            edge.Dispose();
        }
        Edge?.Dispose();
        Store.Store.Dispose();
        Dir.Dispose();
    }

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> into, IReadOnlyDictionary<string, string?>? changes)
    {
        foreach (var (name, value) in changes ?? new Dictionary<string, string?>())
        {
            into[name] = value;
        }
        return into;
    }
}
