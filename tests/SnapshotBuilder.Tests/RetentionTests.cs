namespace Layers.SnapshotBuilder.Tests;

public class RetentionTests
{
    private static string Feed(TempDirectory dir, IEnumerable<int> tracks)
    {
        // Local feeds name media by paths relative to the feed file (docs/contract/feed-formats.md).
        string samples = Path.Combine(RepoPaths.Root, "samples", "feed", "media");
        File.Copy(Path.Combine(samples, "preview-01.mp3"), dir.Combine("preview.mp3"), overwrite: true);
        File.Copy(Path.Combine(samples, "cover-01.jpg"), dir.Combine("cover.jpg"), overwrite: true);
        string path = dir.Combine($"feed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "[" + string.Join(",", tracks.Select(n =>
            $$"""{"musicId":"55{{n:0000}}","title":"Kept {{n}}","author":"Band","duration":6,"playUrl":"preview.mp3","coverUrl":"cover.jpg","userCount":{{1000 - n}},"link":"https://www.tiktok.com/music/kept-{{n}}"}""")) + "]");
        return path;
    }

    private static async Task<DecodedSnapshot> Announced(IObjectStore store)
    {
        var retriever = new SnapshotRetriever(store);
        return SnapshotReader.Read(await retriever.ReadBlobAsync((await retriever.ReadManifestAsync(null))!.Manifest, 1 << 30));
    }

    [Fact]
    public async Task Tracks_that_left_the_list_stay_resolvable_for_30_days_then_go()
    {
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        string all = Feed(dir, Enumerable.Range(1, 10));
        string fewer = Feed(dir, Enumerable.Range(1, 6));

        await Builds.RunAsync(new FileFeedSource(all, new FeedLimits()), store, clock: clock);

        clock.Now = clock.Now.AddDays(1);
        var report = await Builds.RunAsync(new FileFeedSource(fewer, new FeedLimits()), store, clock: clock);
        Assert.Equal((6, 4), (report.Counts.Published, report.Counts.Retained));
        var snapshot = await Announced(store);
        Assert.Equal((6, 10), (snapshot.Meta.TrackCount, snapshot.Meta.ResolvableCount));
        var gone = snapshot.Tracks.Single(t => t.Id == Guid.Parse(TrackIds.FromTikTokMusicId("550009")));
        Assert.False(gone.Trending);
        using (var detail = JsonDocument.Parse(gone.DetailBody))
        {
            Assert.Equal(("Kept 9", false, "https://www.tiktok.com/music/kept-9"),
                (detail.RootElement.GetProperty("title").GetString(), detail.RootElement.GetProperty("trending").GetBoolean(), detail.RootElement.GetProperty("tiktokMusicLink").GetString()));
        }
        using (var list = JsonDocument.Parse(snapshot.ListBody(ContentEncoding.Identity).Data))
        {
            Assert.Equal(6, list.RootElement.GetProperty("total").GetInt32());
        }

        // Day 30 after they were last seen: still there. Day 31: gone.
        clock.Now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(4, (await Builds.RunAsync(new FileFeedSource(fewer, new FeedLimits()), store, clock: clock)).Counts.Retained);
        clock.Now = clock.Now.AddDays(1).AddSeconds(1);
        var late = await Builds.RunAsync(new FileFeedSource(fewer, new FeedLimits()), store, clock: clock);
        Assert.Equal(0, late.Counts.Retained);
        Assert.Equal(6, (await Announced(store)).Meta.ResolvableCount);
    }

    [Fact]
    public async Task A_track_that_comes_back_is_trending_again()
    {
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        await Builds.RunAsync(new FileFeedSource(Feed(dir, Enumerable.Range(1, 4)), new FeedLimits()), store, clock: clock);
        clock.Now = clock.Now.AddDays(2);
        await Builds.RunAsync(new FileFeedSource(Feed(dir, Enumerable.Range(1, 3)), new FeedLimits()), store, clock: clock);
        clock.Now = clock.Now.AddDays(2);
        var back = await Builds.RunAsync(new FileFeedSource(Feed(dir, Enumerable.Range(1, 4)), new FeedLimits()), store, clock: clock);
        Assert.Equal((4, 0), (back.Counts.Published, back.Counts.Retained));
        Assert.All((await Announced(store)).Tracks, t => Assert.True(t.Trending));
    }

    [Fact]
    public async Task The_retention_file_keeps_its_format_an_earlier_builder_reads_and_writes()
    {
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));
        string oldId = TrackIds.FromTikTokMusicId("559999");
        // As the builder wrote it before TrackFacts: one flat object a track, its id included.
        string earlier = $$"""{"formatVersion":1,"tracks":[{"id":"{{oldId}}","musicId":"559999","title":"Old Song","author":"Band","album":"","duration":6,"language":"en","userCount":5,"isCommerceMusic":false,"link":"https://www.tiktok.com/music/old","lastSeen":"2026-11-01T00:00:00+00:00"}]}""";
        Assert.True(await store.TryPutAsync(Retention.Key, System.Text.Encoding.UTF8.GetBytes(earlier), Precondition.Absent, ObjectHeaders.Json));
        var media = new ObjectHeaders("application/octet-stream");
        Assert.True(await store.TryPutAsync(MediaUrls.PreviewKey(oldId), new byte[] { 1 }, Precondition.Absent, media));
        Assert.True(await store.TryPutAsync(MediaUrls.CoverKey(oldId), new byte[] { 1 }, Precondition.Absent, media));

        var report = await Builds.RunAsync(new FileFeedSource(Feed(dir, Enumerable.Range(1, 3)), new FeedLimits()), store, clock: clock);

        Assert.Equal((BuildOutcome.Published, 3, 1), (report.Outcome, report.Counts.Published, report.Counts.Retained));
        var old = (await Announced(store)).Tracks.Single(t => t.Id == Guid.Parse(oldId));
        using (var detail = JsonDocument.Parse(old.DetailBody))
        {
            Assert.Equal(("Old Song", false, "https://www.tiktok.com/music/old"),
                (detail.RootElement.GetProperty("title").GetString(), detail.RootElement.GetProperty("trending").GetBoolean(), detail.RootElement.GetProperty("tiktokMusicLink").GetString()));
        }
        var saved = (await store.ReadAsync(Retention.Key, 1 << 20)).Content!;
        using var state = JsonDocument.Parse(saved);
        var tracks = state.RootElement.GetProperty("tracks").EnumerateArray().ToList();
        Assert.Equal(4, tracks.Count);
        Assert.All(tracks, t => Assert.Equal(
            ["album", "author", "duration", "id", "isCommerceMusic", "language", "lastSeen", "link", "musicId", "title", "userCount"],
            t.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        Assert.All(tracks, t => Assert.Equal(TrackIds.FromTikTokMusicId(t.GetProperty("musicId").GetString()!), t.GetProperty("id").GetString()));
    }
}
