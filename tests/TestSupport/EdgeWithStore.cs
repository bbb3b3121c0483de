using System.Net;
using Layers.Catalog.Keys;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.Catalog.Tracks;

namespace Layers.TestSupport;

/// <summary>A folder store with a key and (by default) a first snapshot, and the AOT edge serving it with a short poll interval.</summary>
public sealed class EdgeWithStore : IDisposable
{
    private Dictionary<string, string?> _environment = [];

    public EdgeWithStore() => Store = new TestStore(new FileObjectStore(StorePath, create: true));

    public TempDirectory Dir { get; } = new();

    public string StorePath => Dir.Combine("store");

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
        var env = new Dictionary<string, string?> { ["LAYERS_POLL_INTERVAL"] = "200ms" };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }
        _environment = env;
        Edge = await EdgeServer.StartAsync(StorePath, env, waitUntilReady, port, urls);
        return this;
    }

    /// <summary>Announces exactly these tracks as snapshot v1 (trending and retained), then starts the edge.</summary>
    public async Task<EdgeWithStore> StartWithAsync(IReadOnlyList<Track> tracks)
    {
        await Store.AnnounceAsync("v1", SnapshotWriter.Write("v1", DateTimeOffset.UtcNow, tracks));
        return await StartAsync(firstVersion: null);
    }

    /// <summary>Stops the edge process, as a crash or a deploy would.</summary>
    public void StopEdge() => Edge.Dispose();

    /// <summary>Starts the edge again on the same port and store, as a restart would.</summary>
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
        Edge?.Dispose();
        Store.Store.Dispose();
        Dir.Dispose();
    }
}
