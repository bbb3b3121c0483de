using System.Net;
using System.Text.Json;
using Layers.Catalog.Keys;
using Layers.Catalog.Stores;
using Layers.TestSupport;

namespace Layers.EdgeCatalog.Tests;

/// <summary>The AOT edge from boot to serving: an empty store, a first snapshot arriving, an S3 store.</summary>
public class EdgeLifecycleTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task Store_without_a_snapshot_is_not_ready_and_answers_500_until_one_arrives()
    {
        using var dir = new TempDirectory();
        string storePath = dir.Combine("store");
        string key = ApiKeys.Generate();
        using (var store = new FileObjectStore(storePath, create: true))
        {
            await new KeyFileStore(store).UpdateAsync(_ => new KeyFile([new KeyRecord("k", ApiKeys.Hash(key), [Scopes.PublishRead], false, null)]));
        }
        using var edge = await EdgeServer.StartAsync(storePath, waitUntilReady: false);
        await edge.WaitUntilAsync(async () => await edge.MetricAsync("layers_keyset_reloads_total") >= 1, TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await edge.Client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await edge.Client.GetAsync("/healthz")).StatusCode);
        // Authentication still comes first: no key is 401, a good key meets the missing catalog.
        Assert.Equal(HttpStatusCode.Unauthorized, (await edge.Client.GetAsync("/v1/tiktok-music")).StatusCode);
        using (var before = await edge.Client.SendAsync(Authorized(key)))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, before.StatusCode);
            using var body = JsonDocument.Parse(await before.Content.ReadAsByteArrayAsync());
            Assert.Equal("INTERNAL", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        using (var store = new FileObjectStore(storePath, create: true))
        {
            await EdgeFixture.BuildSampleAsync(store);
        }
        await edge.WaitUntilAsync(async () => (await edge.Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        using var after = await edge.Client.SendAsync(Authorized(key));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.DoesNotContain(key, edge.Output);
    }

    private static HttpRequestMessage Authorized(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tiktok-music");
        request.Headers.Authorization = new("Bearer", key);
        return request;
    }

    [Fact]
    public async Task Edge_serves_from_an_s3_store()
    {
        string uri = s3.NewStoreUri();
        string key = ApiKeys.Generate();
        using (var store = s3.OpenStore(uri))
        {
            await new KeyFileStore(store).UpdateAsync(_ => new KeyFile([new KeyRecord("k", ApiKeys.Hash(key), [Scopes.PublishRead], false, null)]));
            await EdgeFixture.BuildSampleAsync(store);
        }
        using var edge = await EdgeServer.StartAsync(uri, s3.Environment);
        using var response = await edge.Client.SendAsync(Authorized(key));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(232, body.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Edge_puts_no_file_watches_on_its_working_directory()
    {
        // The test processes run in the repository root, thousands of directories deep with node_modules:
        // a config file watcher would hold one inotify watch per directory, built at boot (cold start).
        Assert.True(Directory.EnumerateDirectories(RepoPaths.Root, "*", SearchOption.AllDirectories).Take(100).Count() == 100);
        using var dir = new TempDirectory();
        string storePath = dir.Combine("store");
        using (var store = new FileObjectStore(storePath, create: true))
        {
            await EdgeFixture.BuildSampleAsync(store);
        }
        using var edge = await EdgeServer.StartAsync(storePath);

        int watches = 0;
        foreach (string fd in Directory.EnumerateFiles($"/proc/{edge.Process.Id}/fdinfo"))
        {
            watches += File.ReadLines(fd).Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal));
        }
        Assert.Equal(0, watches);
    }
}
