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

    public string ReaderKey => World.Key;
    public string NoScopeKey { get; } = ApiKeys.Generate();
    public string RevokedKey { get; } = ApiKeys.Generate();
    public string ExpiredKey { get; } = ApiKeys.Generate();

    public async Task InitializeAsync()
    {
        await World.Store.SetKeysAsync(
            new KeyRecord("reader", ApiKeys.Hash(ReaderKey), [Scopes.PublishRead], false, null),
            new KeyRecord("noscope", ApiKeys.Hash(NoScopeKey), ["other:scope"], false, null),
            new KeyRecord("revoked", ApiKeys.Hash(RevokedKey), [Scopes.PublishRead], true, null),
            new KeyRecord("expired", ApiKeys.Hash(ExpiredKey), [Scopes.PublishRead], false, DateTimeOffset.UtcNow.AddDays(-1)));
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
