using System.Text.Json;
using System.Text.RegularExpressions;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.TestSupport;

namespace Layers.SnapshotBuilder.Tests;

/// <summary><c>run --every</c> as a real process: builds, waits when a replica already built, stops cleanly on SIGTERM.</summary>
public class RunCommandTests
{
    private static readonly string BuilderDll = typeof(Cli.RunCommand).Assembly.Location;

    private static ChildProcess Run(string store, string every) =>
        new("dotnet", [BuilderDll, "run", "--every", every, "--source", RepoPaths.SampleFeed, "--store", store]);

    private static async Task AssertAnnouncedBlobExists(string store)
    {
        using var objects = new FileObjectStore(store);
        var retriever = new SnapshotRetriever(objects);
        var manifest = (await retriever.ReadManifestAsync(null))!.Manifest;
        Assert.Equal(manifest.Version, SnapshotReader.Read(await retriever.ReadBlobAsync(manifest, 1 << 30)).Meta.Version);
    }

    [Fact]
    public async Task Builds_at_once_then_waits_and_stops_cleanly_on_sigterm()
    {
        using var dir = new TempDirectory();
        string store = dir.Combine("store");
        using var run = Run(store, "1h");
        await run.WaitForLineAsync(new Regex("\"event\":\"waiting\""), TimeSpan.FromMinutes(2));
        Assert.Contains("\"event\":\"build_finished\"", run.Output);
        Assert.Contains("build published", run.Output);
        foreach (string line in run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var _ = JsonDocument.Parse(line); // not a terminal: structured logs, one JSON object a line
        }

        run.Terminate();
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("\"event\":\"stopped\"", run.Output);
        await AssertAnnouncedBlobExists(store);
    }

    [Fact]
    public async Task A_replica_that_finds_a_fresh_snapshot_waits_instead_of_building()
    {
        using var dir = new TempDirectory();
        string store = dir.Combine("store");
        using (var objects = new FileObjectStore(store))
        {
            Assert.Equal(0, (await Builds.RunAsync(RepoPaths.SampleFeed, objects)).ExitCode);
        }
        string manifestBefore = File.ReadAllText(Path.Combine(store, "catalog", "manifest.json"));

        using var replica = Run(store, "12h");
        await replica.WaitForLineAsync(new Regex("\"event\":\"waiting\""), TimeSpan.FromMinutes(1));
        Assert.DoesNotContain("build_finished", replica.Output);
        Assert.Matches("next build in 12 h|next build in 11.\\d h", replica.Output);
        replica.Terminate();
        Assert.Equal(0, await replica.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(manifestBefore, File.ReadAllText(Path.Combine(store, "catalog", "manifest.json")));
    }

    [Fact]
    public async Task Sigterm_during_a_build_never_leaves_a_manifest_pointing_at_a_missing_blob()
    {
        using var dir = new TempDirectory();
        string store = dir.Combine("store");
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using var run = Run(store, "1s");
            await run.WaitForLineAsync(new Regex("\"stage\":\"media\""), TimeSpan.FromMinutes(1));
            await Task.Delay(attempt * 700); // stop it at different points of the build
            run.Terminate();
            Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            if (File.Exists(Path.Combine(store, "catalog", "manifest.json")))
            {
                await AssertAnnouncedBlobExists(store);
            }
        }
    }
}
