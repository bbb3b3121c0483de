using Layers.Catalog.Tracks;
using Layers.SnapshotBuilder.Feed;
using Layers.SnapshotBuilder.Http;
using Layers.SnapshotBuilder.Pipeline;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.EdgeCatalog.Tests;

/// <summary>The sample feed (samples/feed/trending.json, 232 tracks) built into a store by the real builder, the way a store is seeded with a real catalog.</summary>
public static class SampleCatalog
{
    public static async Task BuildAsync(IObjectStore store, string mediaBaseUrl = MediaUrls.DefaultBaseUrl)
    {
        using var http = new HttpClient();
        var build = new SnapshotBuild(new FileFeedSource(RepoPaths.SampleFeed, new FeedLimits()), store, store,
            new HttpFetch(http, TimeSpan.FromSeconds(5)), new BuildOptions(mediaBaseUrl, false), TimeProvider.System, IBuildLog.None);
        var report = await build.RunAsync(CancellationToken.None);
        Assert.True(report.ExitCode == 0, report.Reason);
    }

    /// <summary>Builds the sample catalog into the store, then starts the edge over it (<see cref="EdgeWithStore.StartAsync"/>'s options).</summary>
    public static async Task<EdgeWithStore> StartWithSampleAsync(this EdgeWithStore world, IReadOnlyDictionary<string, string?>? environment = null,
        bool waitUntilReady = true, int port = 0, string mediaBaseUrl = MediaUrls.DefaultBaseUrl)
    {
        await BuildAsync(world.Store.Store, mediaBaseUrl);
        return await world.StartAsync(firstVersion: null, environment: environment, waitUntilReady: waitUntilReady, port: port);
    }
}
