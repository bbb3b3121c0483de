using System.Text.Json;

namespace Layers.EdgeCatalog.Tests;

/// <summary>Key reload, last-known-good boot, logs, absurd headers and SIGTERM, against the AOT binary.</summary>
public class KeysCacheAndShutdownTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private static HttpRequestMessage Get(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tiktok-music");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {key}");
        return request;
    }

    private static async Task<HttpStatusCode> StatusFor(EdgeServer edge, string key)
    {
        using var response = await edge.Client.SendAsync(Get(key));
        return response.StatusCode;
    }

    [Fact]
    public async Task Revoked_keys_stop_and_new_keys_start_within_a_poll_and_a_bad_key_file_changes_nothing()
    {
        using var setup = await new EdgeWithStore().StartAsync(environment: new Dictionary<string, string?> { ["LAYERS_POLL_INTERVAL"] = "1s" });
        var (edge, store, oldKey, newKey) = (setup.Edge, setup.Store, setup.Key, ApiKeys.Generate());
        Assert.Equal(HttpStatusCode.OK, await StatusFor(edge, oldKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusFor(edge, newKey));

        await store.SetKeysAsync(("old", oldKey, true), ("new", newKey, false));
        var changed = DateTime.UtcNow;
        await edge.WaitUntilAsync(async () => await StatusFor(edge, oldKey) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, await StatusFor(edge, newKey));
        // One interval (1 s ± 10%) plus the write and a request; a revocation that waited for a second poll would miss it.
        Assert.True(DateTime.UtcNow - changed < TimeSpan.FromSeconds(2.5), "revocation took longer than a poll interval");

        // A broken key file leaves the set in force.
        await store.Store.TryPutAsync(StoreKeys.KeyFile, "{\"keys\":[{\"id\":1}]"u8.ToArray(),
            Precondition.Matches((await store.Store.ReadAsync(StoreKeys.KeyFile, 1 << 20)).ETag!), ObjectHeaders.Json);
        await edge.WaitUntilAsync(async () => await edge.MetricAsync("layers_snapshot_refused_total{reason=\"key_file_invalid\"}") >= 1, TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, await StatusFor(edge, newKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusFor(edge, oldKey));
    }

    [Fact]
    public async Task A_node_that_boots_while_the_store_is_unreachable_serves_its_last_known_good_copy()
    {
        using var world = new EdgeWithStore(s3);
        await world.Store.AnnounceAsync("v1", TestStore.Write("v1", 12, seed: 7));
        await world.StartAsync(firstVersion: null, environment: new Dictionary<string, string?> { ["LAYERS_CACHE_DIR"] = world.Dir.Combine("cache") });
        var (_, etag, served) = await world.GetAsync();
        world.StopEdge();

        // Same store URI, but nothing answers at its endpoint now.
        var second = await world.StartAnotherEdgeAsync(new Dictionary<string, string?> { ["LAYERS_S3_ENDPOINT"] = "http://127.0.0.1:9" });
        using var again = await second.Client.SendAsync(world.Request());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(etag, again.Headers.ETag?.Tag);
        Assert.Equal(served, await again.Content.ReadAsByteArrayAsync());
        Assert.Contains("last-known-good", second.Output);
        Assert.True(await second.MetricAsync("layers_snapshot_refused_total{reason=\"store_unreachable\"}") >= 1);
    }

    /// <summary>
    /// A folder store whose root is gone (an unmounted volume) is unreachable, not empty: before, the edge made the
    /// folder, loaded an empty key set and answered 401 to every key instead of booting from its cache.
    /// </summary>
    [Fact]
    public async Task A_node_whose_folder_store_is_missing_boots_from_its_last_known_good_copy_and_creates_nothing()
    {
        using var setup = new EdgeWithStore();
        await setup.StartAsync(environment: new Dictionary<string, string?> { ["LAYERS_CACHE_DIR"] = setup.Dir.Combine("cache") });
        using (var response = await setup.Edge.Client.SendAsync(Get(setup.Key)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        setup.StopEdge();
        Directory.Move(setup.StorePath, setup.Dir.Combine("unmounted"));

        await setup.RestartEdgeAsync();
        var edge = setup.Edge;
        Assert.Equal(HttpStatusCode.OK, await StatusFor(edge, setup.Key));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusFor(edge, ApiKeys.Generate()));
        Assert.True(await edge.MetricAsync("layers_snapshot_refused_total{reason=\"key_file_unreachable\"}") >= 1);
        Assert.True(await edge.MetricAsync("layers_snapshot_refused_total{reason=\"store_unreachable\"}") >= 1);
        Assert.Contains("unreachable", edge.Output);
        Assert.False(Directory.Exists(setup.StorePath), "a reader created the missing store");
    }

    [Fact]
    public async Task A_node_with_neither_store_nor_cache_is_not_ready_and_answers_500()
    {
        var environment = new Dictionary<string, string?>(s3.Environment) { ["LAYERS_S3_ENDPOINT"] = "http://127.0.0.1:9" };
        using var edge = await EdgeServer.StartAsync(s3.NewStoreUri(), environment, waitUntilReady: false);
        await edge.WaitUntilAsync(async () => await edge.MetricAsync("layers_snapshot_refused_total{reason=\"store_unreachable\"}") >= 1, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await edge.Client.GetAsync("/readyz")).StatusCode);
        using var response = await edge.Client.SendAsync(Get(ApiKeys.Generate()));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("INTERNAL", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Logs_are_json_lines_and_never_contain_a_key()
    {
        using var setup = new EdgeWithStore();
        string key = setup.Key, revoked = ApiKeys.Generate();
        await setup.Store.SetKeysAsync(("k", key, false), ("r", revoked, true));
        await setup.StartAsync();
        var edge = setup.Edge;
        foreach (string presented in new[] { key, revoked, "lm_unknown_key_value", key + "x" })
        {
            (await edge.Client.SendAsync(Get(presented))).Dispose();
            using var conditional = Get(presented);
            conditional.Headers.TryAddWithoutValidation("If-None-Match", $"\"{presented}\"");
            (await edge.Client.SendAsync(conditional)).Dispose();
        }
        await setup.Store.SetKeysAsync(("k2", ApiKeys.Generate(), false)); // a reload, logged
        await edge.WaitUntilAsync(async () => await edge.MetricAsync("layers_keyset_reloads_total") >= 2, TimeSpan.FromSeconds(10));
        edge.Process.Terminate();
        await edge.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));

        string[] lines = edge.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (string line in lines)
        {
            using var entry = JsonDocument.Parse(line); // every line is one JSON object
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _));
        }
        foreach (string secret in new[] { key, revoked, "lm_unknown_key_value", ApiKeys.Hash(key) })
        {
            Assert.DoesNotContain(secret, edge.Output);
        }
    }

    [Fact]
    public async Task Absurd_headers_get_a_4xx_or_a_normal_answer_and_the_node_keeps_serving()
    {
        using var setup = await new EdgeWithStore().StartAsync();
        var (edge, key) = (setup.Edge, setup.Key);

        using (var manyTags = Get(key))
        {
            manyTags.Headers.TryAddWithoutValidation("If-None-Match", string.Join(", ", Enumerable.Range(0, 10_000).Select(i => $"\"{i:x32}\"")));
            using var response = await edge.Client.SendAsync(manyTags);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode.ToString());
        }
        using (var manyEncodings = Get(key))
        {
            manyEncodings.Headers.TryAddWithoutValidation("Accept-Encoding", string.Join(",", Enumerable.Range(0, 2000).Select(i => $"x{i};q=0.{i % 10}")));
            using var response = await edge.Client.SendAsync(manyEncodings);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode.ToString());
        }
        using (var repeated = new HttpRequestMessage(HttpMethod.Get, "/v1/tiktok-music"))
        {
            repeated.Headers.TryAddWithoutValidation("Authorization", Enumerable.Repeat($"Bearer {key}", 50));
            using var response = await edge.Client.SendAsync(repeated);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, await StatusFor(edge, key));
        Assert.Equal(0, await edge.MetricAsync("layers_http_requests_total{route=\"/v1/tiktok-music\",status=\"500\"}"));
    }

    [Fact]
    public async Task Sigterm_finishes_in_flight_requests_and_exits_0()
    {
        using var setup = await new EdgeWithStore().StartAsync(tracks: 2000);
        var (edge, key) = (setup.Edge, setup.Key);
        long expectedLength = (await setup.GetAsync()).Body.Length;

        using var stop = new CancellationTokenSource();
        long served = 0;
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int complete = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await edge.Client.SendAsync(Get(key));
                    byte[] body = await response.Content.ReadAsByteArrayAsync();
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal(expectedLength, body.Length); // never a short body
                    complete++;
                    Interlocked.Increment(ref served);
                }
                catch (HttpRequestException)
                {
                    return complete; // refused after shutdown began: fine; a cut-off response would fail above
                }
            }
            return complete;
        })).ToList();

        // SIGTERM while the clients are under way: a dozen responses in, the next requests in flight.
        await edge.WaitUntilAsync(() => Task.FromResult(Interlocked.Read(ref served) >= 12), TimeSpan.FromSeconds(30), "the clients to get 12 responses");
        edge.Process.Terminate();
        Assert.Equal(0, await edge.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        stop.Cancel();
        int[] completed = await Task.WhenAll(clients);
        Assert.True(completed.Sum() > 0);
        Assert.Contains("Application is shutting down", edge.Output);
    }
}
