namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// One edge for a whole test class (<c>IClassFixture</c>): an <see cref="EdgeWithStore"/> over the sample catalog the
/// real builder made (<see cref="SampleCatalog"/>), with a key in every state.
/// </summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    public EdgeWithStore World { get; } = new();

    public EdgeServer Edge => World.Edge;

    public string StorePath => World.StorePath;

    /// <summary>The snapshot the edge serves, as the store holds it.</summary>
    public DecodedSnapshot Snapshot { get; private set; } = null!;

    private readonly KeysInEveryState _keys;

    public EdgeFixture() => _keys = new KeysInEveryState(World.Key);

    public string ReaderKey => _keys.Reader;
    public string NoScopeKey => _keys.NoScope;
    public string RevokedKey => _keys.Revoked;
    public string ExpiredKey => _keys.Expired;

    public async Task InitializeAsync()
    {
        await World.Store.SetKeysAsync(_keys.Records);
        await World.StartWithSampleAsync();
        var retriever = new SnapshotRetriever(World.Store.Store);
        var manifest = (await retriever.ReadManifestAsync(null))!.Manifest;
        Snapshot = SnapshotReader.Read(await retriever.ReadBlobAsync(manifest, 1 << 30));
    }

    public Task DisposeAsync()
    {
        World.Dispose();
        return Task.CompletedTask;
    }
}
