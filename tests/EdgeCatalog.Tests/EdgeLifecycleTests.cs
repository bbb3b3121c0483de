using System.Text.Json;

namespace Layers.EdgeCatalog.Tests;

/// <summary>The AOT edge from boot to serving: an empty store, a first snapshot arriving, an S3 store.</summary>
public class EdgeLifecycleTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task Store_without_a_snapshot_is_not_ready_and_answers_500_until_one_arrives()
    {
        using var world = await new EdgeWithStore().StartAsync(firstVersion: null, waitUntilReady: false);
        var edge = world.Edge;
        await edge.WaitUntilAsync(async () => await edge.MetricAsync("layers_keyset_reloads_total") >= 1, TimeSpan.FromSeconds(20), "the key set to load");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await edge.Client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await edge.Client.GetAsync("/healthz")).StatusCode);
        // Authentication still comes first: no key is 401, a good key meets the missing catalog.
        Assert.Equal(HttpStatusCode.Unauthorized, (await edge.Client.GetAsync("/v1/tiktok-music")).StatusCode);
        using (var before = await edge.Client.SendAsync(world.Request()))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, before.StatusCode);
            using var body = JsonDocument.Parse(await before.Content.ReadAsByteArrayAsync());
            Assert.Equal("INTERNAL", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        await SampleCatalog.BuildAsync(world.Store.Store);
        await edge.WaitUntilAsync(async () => (await edge.Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "the first snapshot to be swapped in");
        using var after = await edge.Client.SendAsync(world.Request());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.DoesNotContain(world.Key, edge.Output);
    }

    [Fact]
    public async Task Edge_serves_from_an_s3_store()
    {
        using var world = await new EdgeWithStore(s3).StartWithSampleAsync();
        var (status, _, body) = await world.GetAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        using var list = JsonDocument.Parse(body);
        Assert.Equal(232, list.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Edge_puts_no_file_watches_on_its_working_directory()
    {
        // The test processes run in the repository root, thousands of directories deep with node_modules:
        // a config file watcher would hold one inotify watch per directory, built at boot (cold start).
        Assert.True(Directory.EnumerateDirectories(RepoPaths.Root, "*", SearchOption.AllDirectories).Take(100).Count() == 100);
        using var world = await new EdgeWithStore().StartWithSampleAsync();
        var edge = world.Edge;

        int watches = 0;
        foreach (string fd in Directory.EnumerateFiles($"/proc/{edge.Process.Id}/fdinfo"))
        {
            watches += File.ReadLines(fd).Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal));
        }
        Assert.Equal(0, watches);
    }
}
