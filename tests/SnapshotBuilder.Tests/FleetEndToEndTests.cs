using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>
/// The operator's 3 a.m. lever end to end: the builder's commands against s3rver and the published AOT edge.
/// Publish v1 and v2, roll back to v1 (the edge follows within a poll, no restart), a scheduled build while held
/// leaves the manifest alone, release, and the next build is announced and served.
/// </summary>
public sealed class FleetEndToEndTests(S3rverFixture s3) : IClassFixture<S3rverFixture>, IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly TempDirectory _dir = new();
    private readonly string _store = s3.NewStoreUri();

    public void Dispose() => _dir.Dispose();

    private async Task<string> Cli(params string[] args)
    {
        var (exit, stdout, stderr) = await BuilderCli.RunAsync(s3.Environment, [.. args, "--store", _store]);
        Assert.True(exit == 0, $"{string.Join(' ', args)} exited {exit}:\n{stdout}\n{stderr}");
        return stdout;
    }

    private async Task<string> BuildAsync(string feed)
    {
        string report = _dir.Combine($"report-{Guid.NewGuid():N}.json");
        await Cli("build", "--source", feed, "--report", report);
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.Equal("published", json.RootElement.GetProperty("outcome").GetString());
        return json.RootElement.GetProperty("version").GetString()!;
    }

    private async Task<byte[]> ManifestAsync()
    {
        using var objects = s3.OpenStore(_store);
        return (await objects.ReadAsync(StoreKeys.Manifest, ManifestJson.MaxBytes)).Content!;
    }

    private static async Task<TimeSpan> ServesAsync(EdgeServer edge, string version)
    {
        var waited = Stopwatch.StartNew();
        await edge.WaitUntilAsync(async () => await edge.MetricAsync($"layers_snapshot_info{{version=\"{version}\"}}") == 1, TimeSpan.FromSeconds(30));
        return waited.Elapsed;
    }

    [Fact]
    public async Task Rollback_is_followed_by_the_running_edge_holds_against_a_scheduled_build_and_release_resumes_publishing()
    {
        string v1 = await BuildAsync(RepoPaths.SampleFeed);
        string key = (await Cli("keys", "create", "--id", "ops", "--scope", "publish:read")).Trim();
        var environment = new Dictionary<string, string?>(s3.Environment) { ["LAYERS_POLL_INTERVAL"] = "1s", ["LAYERS_CACHE_DIR"] = _dir.Combine("cache") };
        using var edge = await EdgeServer.StartAsync(_store, environment);
        int pid = edge.Process.Id;
        await ServesAsync(edge, v1);
        string etag1 = await ETagAsync(edge, key);

        string feed2 = BuilderCli.SampleFeedVariant(_dir.Combine("feed2"), items => items.RemoveAt(0));
        string v2 = await BuildAsync(feed2);
        await ServesAsync(edge, v2);
        Assert.NotEqual(etag1, await ETagAsync(edge, key));

        Assert.Contains($"rolled back to {v1} (was {v2})", await Cli("rollback", "--to", v1, "--reason", "v2 dropped a track"));
        // One poll interval (±10%) plus the blob's fetch and load; a node that needed a second poll, or a restart, misses it.
        Assert.True(await ServesAsync(edge, v1) < Poll * 2.5, "the edge did not follow the rollback within a poll");
        Assert.Equal(etag1, await ETagAsync(edge, key));
        Assert.Equal(pid, edge.Process.Id);
        Assert.False(edge.Process.HasExited);

        byte[] held = await ManifestAsync();
        using (var scheduled = new ChildProcess("dotnet", [BuilderCli.Dll, "run", "--every", "2s", "--source", feed2, "--store", _store], s3.Environment.ToDictionary()))
        {
            var finished = await scheduled.WaitForLineAsync(new Regex("\"event\":\"build_finished\".*\"message\":\"build (\\w+)"), TimeSpan.FromMinutes(2));
            Assert.Equal("held", finished.Groups[1].Value);
            scheduled.Terminate();
            int exit = await scheduled.WaitForExitAsync(TimeSpan.FromSeconds(20));
            Assert.True(exit == 0, scheduled.Output);
        }
        Assert.Equal(held, await ManifestAsync());
        Assert.Equal(1, await edge.MetricAsync($"layers_snapshot_info{{version=\"{v1}\"}}"));

        Assert.Contains($"released the hold on {v1}", await Cli("release"));
        string v3 = await BuildAsync(feed2);
        await ServesAsync(edge, v3);
        Assert.Equal(pid, edge.Process.Id);
    }

    private static async Task<string> ETagAsync(EdgeServer edge, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tiktok-music");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await edge.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.Tag;
    }
}
