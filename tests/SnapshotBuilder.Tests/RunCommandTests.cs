using System.Text.RegularExpressions;

namespace Layers.SnapshotBuilder.Tests;

/// <summary><c>run --every</c> as a real process: builds, waits when a replica already built, stops cleanly on SIGTERM.</summary>
public class RunCommandTests
{
    private static ChildProcess Run(string store, string every) =>
        new("dotnet", [BuilderCli.Dll, "run", "--every", every, "--source", RepoPaths.SampleFeed, "--store", store]);

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
        using (var objects = new FileObjectStore(store, create: true))
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

    /// <summary>
    /// The production loop's defect: once the announced snapshot was older than the interval, a build that found
    /// nothing changed (or was vetoed) was followed by another at once. Each feed below makes every build after
    /// the first end the same way; ten seconds of <c>--every 2s</c> must be at most six builds.
    /// </summary>
    [Theory]
    [InlineData("unchanged")]
    [InlineData("vetoed")]
    public async Task Run_builds_at_most_once_per_interval_whatever_the_build_found(string expected)
    {
        using var dir = new TempDirectory();
        string store = dir.Combine("store");
        string feed = RepoPaths.SampleFeed;
        if (expected == "vetoed")
        {
            feed = dir.Combine("empty.json");
            File.WriteAllText(feed, "[]"); // nothing to publish: the not-empty validator vetoes every build
        }
        using var run = new ChildProcess("dotnet", [BuilderCli.Dll, "run", "--every", "2s", "--source", feed, "--store", store]);
        // The rate is the assertion, so the window is a measured ten seconds after the first build started,
        // and it must have seen the loop build again (the first build's media stage may be slow on a busy machine).
        await run.WaitForLineAsync(new Regex("\"event\":\"build_finished\""), TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(10));
        await Eventually.WaitUntilAsync(() => Regex.Count(run.Output, "\"event\":\"build_finished\"") >= 2, TimeSpan.FromMinutes(1),
            "a second build", () => run.Output);
        run.Terminate();
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(20)));

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var starts = lines.Where(l => l.GetProperty("event").GetString() == "build_started").Select(l => l.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        // The build SIGTERM cut short (if any) ends "failed: cancelled"; every other one must have found the same.
        var found = lines.Where(l => l.GetProperty("event").GetString() == "build_finished")
            .Select(l => l.GetProperty("message").GetString()!)
            .Where(message => !message.Contains("cancelled before publishing", StringComparison.Ordinal))
            .Select(message => message.Split(' ', ':')[1]).ToList();
        Assert.True(starts.Count(t => t < starts[0] + TimeSpan.FromSeconds(10)) <= 6, $"{starts.Count} builds in ten seconds of --every 2s:\n{run.Output}");
        Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(1.9), $"builds started {pair.First:O} and {pair.Second:O}"));
        Assert.True(found.Count >= 2, $"the loop should have built again:\n{run.Output}");
        Assert.All(found.Skip(1), outcome => Assert.Equal(expected, outcome));
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
