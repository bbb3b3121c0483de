namespace Layers.SnapshotBuilder.Tests;

public class BuildTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private static Task<BuildReport> Build(IObjectStore store, string feedPath, bool force = false) => Builds.RunAsync(feedPath, store, force);

    private static async Task<DecodedSnapshot> Announced(IObjectStore store)
    {
        var retriever = new SnapshotRetriever(store);
        var manifest = (await retriever.ReadManifestAsync(null))!.Manifest;
        return SnapshotReader.Read(await retriever.ReadBlobAsync(manifest, 1 << 30));
    }

    private static string FeedOf(TempDirectory dir, IEnumerable<JsonElement> items)
    {
        string path = dir.Combine($"feed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(items.ToList()));
        return path;
    }

    /// <summary>Refused by exactly one validator, with exit code 3.</summary>
    private static void AssertVetoed(BuildReport report, string code)
    {
        Assert.Equal(BuildOutcome.Vetoed, report.Outcome);
        Assert.Equal(ExitCodes.Refused, report.ExitCode);
        Assert.Equal(code, Assert.Single(report.Vetoes).Code);
        Assert.Equal(0, report.Stages.Single(stage => stage.Name == "validate").Out); // nothing went on to be published
    }

    private static List<JsonElement> SampleItems() =>
        JsonDocument.Parse(File.ReadAllBytes(RepoPaths.SampleFeed)).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();

    [Fact]
    public async Task Sample_feed_builds_into_an_s3_store_with_every_drop_counted()
    {
        using var store = s3.OpenStore(s3.NewStoreUri());
        var report = await Build(store, RepoPaths.SampleFeed);

        Assert.Equal(BuildOutcome.Published, report.Outcome);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal(266, report.Counts.Fetched);
        Assert.Equal(14, report.Counts.Invalid);
        Assert.Equal(12, report.Counts.Duplicate);
        Assert.Equal(4, report.Counts.Volume);
        Assert.Equal(1, report.Counts.Media);
        Assert.Equal(232, report.Counts.Published);
        Assert.Equal(3, report.Counts.Profanity);
        Assert.Equal(report.Counts.Fetched, report.Counts.Invalid + report.Counts.Duplicate + report.Counts.Profanity + report.Counts.Volume + report.Counts.Media + report.Counts.Published);
        Assert.Equal(14, report.InvalidReasons.Values.Sum());
        Assert.Equal(new Dictionary<string, int> { ["media:preview_not_mp3"] = 1, ["profanity:en"] = 2, ["profanity:es"] = 1, ["volume:silent"] = 1, ["volume:too_quiet"] = 2, ["volume:too_short"] = 1 },
            report.DropReasons);

        var snapshot = await Announced(store);
        Assert.Equal(report.Version, snapshot.Meta.Version);
        Assert.Equal(232, snapshot.Meta.TrackCount);
        using var body = JsonDocument.Parse(snapshot.ListBody(ContentEncoding.Identity).Data);
        var tracks = body.RootElement.GetProperty("tracks").EnumerateArray().ToList();
        Assert.Equal(232, tracks.Select(t => t.GetProperty("id").GetString()).Distinct().Count());
        var counts = tracks.Select(t => t.GetProperty("userCount").GetInt64()).ToList();
        Assert.Equal(counts.OrderByDescending(c => c), counts);
        var first = tracks[0];
        string id = first.GetProperty("id").GetString()!;
        Assert.Equal($"https://media.layers.com/music/{id}/preview.mp3", first.GetProperty("previewUrl").GetString());
    }

    [Fact]
    public async Task The_report_and_the_summary_name_every_stage_with_what_it_took_kept_and_dropped()
    {
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var log = new StringWriter();
        var report = await new SnapshotBuild(new FileFeedSource(RepoPaths.SampleFeed, new FeedLimits()), store, store, Builds.Fetch(),
            new BuildOptions(MediaUrls.DefaultBaseUrl, Force: false), TimeProvider.System, new JsonBuildLog(log)).RunAsync(CancellationToken.None);

        Assert.Equal(BuildOutcome.Published, report.Outcome);
        Assert.Equal(
            [("fetch", 266, 252, 14), ("dedupe", 252, 240, 12), ("profanity", 240, 237, 3), ("media", 237, 232, 5),
             ("retain", 232, 232, 0), ("validate", 232, 232, 0), ("serialize", 232, 232, 0), ("publish", 232, 232, 0)],
            report.Stages.Select(s => (s.Name, s.In, s.Out, s.Dropped)));
        Assert.All(report.Stages, s => Assert.True(s.Ms >= 0 && s.In - s.Dropped == s.Out, s.ToString()));
        Assert.Equal(["clean", "fetch", "media", "publish", "serialize", "total", "validate"], report.TimingsMs.Keys.Order(StringComparer.Ordinal));

        string summary = log.ToString().Split('\n').Single(l => l.Contains("\"event\":\"build_finished\"", StringComparison.Ordinal));
        string message = JsonDocument.Parse(summary).RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith($"build published: {report.Version} (fetch 266→252 (14 dropped), dedupe 252→240 (12 dropped), profanity 240→237 (3 dropped), media 237→232 (5 dropped), retain 232→232, validate 232→232, serialize 232→232, publish 232→232; ", message);
    }

    [Fact]
    public async Task Same_feed_again_is_unchanged_and_announces_nothing()
    {
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var first = await Build(store, RepoPaths.SampleFeed);
        var second = await Build(store, RepoPaths.SampleFeed);
        Assert.Equal(BuildOutcome.Unchanged, second.Outcome);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(first.Version, (await Announced(store)).Meta.Version);
    }

    [Fact]
    public async Task Shrinking_by_more_than_half_is_vetoed_unless_forced()
    {
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var full = await Build(store, RepoPaths.SampleFeed);
        string small = FeedOf(dir, SampleItems().Where(i => i.ValueKind == JsonValueKind.Object).Take(60));

        AssertVetoed(await Build(store, small), "shrunk");
        Assert.Equal(full.Version, (await Announced(store)).Meta.Version);

        var forced = await Build(store, small, force: true);
        Assert.Equal(BuildOutcome.Published, forced.Outcome);
        Assert.Equal(forced.Version, (await Announced(store)).Meta.Version);
    }

    [Fact]
    public async Task A_feed_of_only_bad_items_is_vetoed_as_empty()
    {
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        string feed = dir.Combine("bad.jsonl");
        await File.WriteAllTextAsync(feed, "{\"musicId\":\"1\"}\nnot json\n[]\n");
        var report = await Build(store, feed);
        AssertVetoed(report, "empty");
        Assert.Equal(3, report.Counts.Invalid);
        Assert.Equal(1, report.InvalidReasons["malformed_json"]);
        Assert.False(await store.ExistsAsync(StoreKeys.Manifest));
    }

    [Fact]
    public async Task A_feed_that_dies_mid_way_fails_and_announces_nothing()
    {
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var items = SampleItems().Select(i => i.GetRawText()).ToList();
        await using var server = await FeedServer.StartAsync(items, pageSize: 50, failOnPage: 3);
        var report = await Builds.RunAsync(new HttpFeedSource(new Uri(server.Url), Builds.Fetch(), new FeedLimits()), store);
        Assert.Equal(BuildOutcome.Failed, report.Outcome);
        Assert.Equal(ExitCodes.Failed, report.ExitCode);
        Assert.Contains("page 3", report.Reason);
        Assert.False(await store.ExistsAsync(StoreKeys.Manifest));
        // How far the feed got is reported: the two pages read before the third failed.
        Assert.Equal(100, report.Counts.Fetched);
        var fetch = Assert.Single(report.Stages);
        Assert.Equal(("fetch", 100, true), (fetch.Name, fetch.In, fetch.Failed));
        Assert.Equal(report.Counts.Invalid, fetch.Dropped);
        Assert.Equal(report.Counts.Invalid, report.InvalidReasons.Values.Sum());
    }

    [Fact]
    public async Task An_unreadable_manifest_is_replaced_by_the_next_good_build()
    {
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        await store.TryPutAsync(StoreKeys.Manifest, "garbage"u8.ToArray(), Precondition.Absent, ObjectHeaders.Json);
        var report = await Build(store, RepoPaths.SampleFeed);
        Assert.Equal(BuildOutcome.Published, report.Outcome);
        Assert.Equal(report.Version, (await Announced(store)).Meta.Version);
    }

    [Fact]
    public async Task A_published_url_whose_object_is_gone_vetoes_the_build()
    {
        using var dir = new TempDirectory();
        string storePath = dir.Combine("store");
        using var store = new FileObjectStore(storePath, create: true);
        var first = await Build(store, RepoPaths.SampleFeed);
        var top = (await Announced(store)).Tracks[0].Id.ToString("D");

        // Someone deletes a mirrored preview; the stored measurement still says "mirrored".
        File.Delete(Path.Combine(storePath, "music", top, "preview.mp3"));
        var report = await Build(store, RepoPaths.SampleFeed);

        Assert.Equal(BuildOutcome.Vetoed, report.Outcome);
        Assert.Equal(ExitCodes.Refused, report.ExitCode);
        var veto = Assert.Single(report.Vetoes);
        Assert.Equal("media_not_mirrored", veto.Code);
        Assert.Contains($"music/{top}/preview.mp3", veto.Message);
        Assert.Equal(first.Version, (await Announced(store)).Meta.Version);
    }
}
