using Layers.Catalog.Keys;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.Catalog.Tracks;
using Layers.SnapshotBuilder.Feed;
using Layers.SnapshotBuilder.Http;
using Layers.SnapshotBuilder.Pipeline;
using Layers.SnapshotBuilder.Reporting;
using Layers.TestSupport;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// A folder store built by the real builder from the sample feed, a set of keys in every state, and the
/// published AOT edge serving it on 127.0.0.1.
/// </summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public string StorePath => _dir.Combine("store");

    public EdgeServer Edge { get; private set; } = null!;

    public DecodedSnapshot Snapshot { get; private set; } = null!;

    public string ReaderKey { get; } = ApiKeys.Generate();
    public string NoScopeKey { get; } = ApiKeys.Generate();
    public string RevokedKey { get; } = ApiKeys.Generate();
    public string ExpiredKey { get; } = ApiKeys.Generate();

    public async Task InitializeAsync()
    {
        using var store = new FileObjectStore(StorePath, create: true);
        await BuildSampleAsync(store);
        await WriteKeysAsync(store);
        var retriever = new SnapshotRetriever(store);
        var manifest = (await retriever.ReadManifestAsync(null))!.Manifest;
        Snapshot = SnapshotReader.Read(await retriever.ReadBlobAsync(manifest, 1 << 30));
        Edge = await EdgeServer.StartAsync(StorePath);
    }

    public static async Task BuildSampleAsync(IObjectStore store, string mediaBaseUrl = MediaUrls.DefaultBaseUrl)
    {
        using var http = new HttpClient();
        var build = new SnapshotBuild(new FileFeedSource(RepoPaths.SampleFeed, new FeedLimits()), store, store,
            new HttpFetch(http, TimeSpan.FromSeconds(5)), new BuildOptions(mediaBaseUrl, false), TimeProvider.System, IBuildLog.None);
        var report = await build.RunAsync(CancellationToken.None);
        Assert.True(report.ExitCode == 0, report.Reason);
    }

    private Task WriteKeysAsync(IObjectStore store) => new KeyFileStore(store).UpdateAsync(_ => new KeyFile([
        new KeyRecord("reader", ApiKeys.Hash(ReaderKey), [Scopes.PublishRead], false, null),
        new KeyRecord("noscope", ApiKeys.Hash(NoScopeKey), ["other:scope"], false, null),
        new KeyRecord("revoked", ApiKeys.Hash(RevokedKey), [Scopes.PublishRead], true, null),
        new KeyRecord("expired", ApiKeys.Hash(ExpiredKey), [Scopes.PublishRead], false, DateTimeOffset.UtcNow.AddDays(-1)),
    ]));

    public Task DisposeAsync()
    {
        Edge?.Dispose();
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
