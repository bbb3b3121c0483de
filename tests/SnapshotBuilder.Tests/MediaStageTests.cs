using Amazon.Runtime;
using Amazon.S3;
using Layers.SnapshotBuilder.Audio;
using Layers.SnapshotBuilder.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>
/// The media stage against a fixture server on 127.0.0.1 that serves good, slow, failing, flaky, oversized,
/// wrongly typed, truncated and redirected media, with s3rver as the store.
/// </summary>
public class MediaStageTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "audio");
    private static readonly byte[] GoodMp3 = File.ReadAllBytes(Path.Combine(Fixtures, "sine-1k-m10db.mp3"));   // -31.5 LUFS, 8 s
    private static readonly byte[] QuietMp3 = File.ReadAllBytes(Path.Combine(Fixtures, "sine-1k-m40db.mp3"));  // -61.5 LUFS
    private static readonly byte[] Jpeg = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "feed", "media", "cover-01.jpg"));
    private static readonly byte[] Png = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "feed", "media", "cover-09.jpg"));

    private static MediaOptions Options(double minLufs = -35) =>
        new(new HashSet<string> { "127.0.0.1" }, new VolumeThresholds(MinLufs: minLufs), Concurrency: 4);

    private static string Item(int n, string preview, string cover = "cover.jpg", string host = "{base}") =>
        $$"""{"musicId":"9{{n:000000}}","title":"Media test {{n}}","author":"Fixture","duration":8,"playUrl":"{{host}}/media/{{preview}}","coverUrl":"{{host}}/media/{{cover}}","userCount":{{1000 + n}},"link":"https://www.tiktok.com/music/x-{{n}}"}""";

    private static void MediaRoutes(WebApplication app)
    {
        int flaky = 0;
        app.MapGet("/media/good.mp3", () => Results.Bytes(GoodMp3, "audio/mpeg"));
        app.MapGet("/media/quiet.mp3", () => Results.Bytes(QuietMp3, "audio/mpeg"));
        app.MapGet("/media/cover.jpg", () => Results.Bytes(Jpeg, "image/jpeg"));
        app.MapGet("/media/cover.png", () => Results.Bytes(Png, "image/jpeg")); // lies about its type; sniffing tells
        app.MapGet("/media/html.mp3", () => Results.Text("<html><body>Access denied</body></html>", "audio/mpeg"));
        app.MapGet("/media/text-cover.jpg", () => Results.Text("not an image", "image/jpeg"));
        app.MapGet("/media/slow.mp3", async () =>
        {
            await Task.Delay(3000);
            return Results.Bytes(GoodMp3, "audio/mpeg");
        });
        app.MapGet("/media/fail.mp3", () => Results.StatusCode(500));
        app.MapGet("/media/gone.mp3", () => Results.StatusCode(404));
        app.MapGet("/media/flaky.mp3", () => Interlocked.Increment(ref flaky) <= 2 ? Results.StatusCode(503) : Results.Bytes(GoodMp3, "audio/mpeg"));
        app.MapGet("/media/huge.mp3", () => Results.Bytes(new byte[11 * 1024 * 1024], "audio/mpeg"));
        app.MapGet("/media/huge-chunked.mp3", async (HttpContext context) =>
        {
            context.Response.ContentType = "audio/mpeg"; // no Content-Length: the cap must bite while streaming
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 200; i++)
            {
                await context.Response.Body.WriteAsync(chunk);
            }
        });
        app.MapGet("/media/truncated.mp3", () => Results.Bytes(GoodMp3[..(GoodMp3.Length / 3)], "audio/mpeg")); // a cut-off file, served whole
        app.MapGet("/media/reset.mp3", (HttpContext context) => context.Abort()); // the connection dies before an answer
        app.MapGet("/media/redirect.mp3", () => Results.Redirect("/media/good.mp3"));
    }

    [Fact]
    public async Task Every_kind_of_bad_media_is_dropped_with_its_reason_and_good_media_is_mirrored_with_its_headers()
    {
        string[] items =
        [
            Item(1, "good.mp3"),
            Item(2, "flaky.mp3"),                         // 503, 503, then good: retried
            Item(3, "good.mp3", cover: "cover.png"),      // a PNG, served as image/png
            Item(4, "slow.mp3"),
            Item(5, "fail.mp3"),
            Item(6, "gone.mp3"),
            Item(7, "huge.mp3"),
            Item(8, "huge-chunked.mp3"),
            Item(9, "html.mp3"),
            Item(10, "truncated.mp3"),                    // decodes to under 5 s
            Item(15, "reset.mp3"),
            Item(11, "redirect.mp3"),
            Item(12, "good.mp3", host: "http://localhost:1"), // not on the allow-list (and unreachable: never tried)
            Item(13, "good.mp3", cover: "text-cover.jpg"),
            Item(14, "quiet.mp3"),
        ];
        await using var server = await FeedServer.StartAsync(items, pageSize: 5, routes: MediaRoutes);
        using var store = s3.OpenStore(s3.NewStoreUri());
        var report = await Builds.RunAsync(new HttpFeedSource(new Uri(server.Url), Builds.Fetch(timeout: TimeSpan.FromMilliseconds(700)), new FeedLimits()),
            store, media: Options(), fetch: Builds.Fetch(timeout: TimeSpan.FromMilliseconds(700)));

        Assert.Equal(BuildOutcome.Published, report.Outcome);
        Assert.Equal(
            "media:cover_not_image=1 media:host_not_allowed=1 media:http_302=1 media:http_404=1 media:preview_not_mp3=1 media:timeout=1 " +
            "media:too_large=2 media:unavailable=1 media:unreachable=1 volume:too_quiet=1 volume:too_short=1",
            string.Join(' ', report.DropReasons.Select(r => $"{r.Key}={r.Value}")));
        Assert.Equal(3, report.Counts.Published);

        var snapshot = SnapshotReader.Read((await store.ReadAsync(StoreKeys.Snapshot(report.Version!), 1 << 30)).Content);
        Assert.Equal(3, snapshot.Tracks.Count);
        string pngTrack = TrackIds.FromTikTokMusicId("9000003");
        Assert.Equal(GoodMp3, (await store.ReadAsync(MediaUrls.PreviewKey(pngTrack), 1 << 24)).Content);
        Assert.Equal(Png, (await store.ReadAsync(MediaUrls.CoverKey(pngTrack), 1 << 24)).Content);

        using var client = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config { ServiceURL = s3.Endpoint, ForcePathStyle = true });
        string prefix = ((S3ObjectStore)store).Description.Split(' ')[0].Replace($"s3://{S3rverFixture.Bucket}/", "", StringComparison.Ordinal);
        var preview = await client.GetObjectMetadataAsync(S3rverFixture.Bucket, $"{prefix}/{MediaUrls.PreviewKey(pngTrack)}");
        var cover = await client.GetObjectMetadataAsync(S3rverFixture.Bucket, $"{prefix}/{MediaUrls.CoverKey(pngTrack)}");
        Assert.Equal(("audio/mpeg", "public, max-age=31536000, immutable"), (preview.Headers.ContentType, preview.Headers.CacheControl));
        Assert.Equal(("image/png", "public, max-age=31536000, immutable"), (cover.Headers.ContentType, cover.Headers.CacheControl));
    }

    [Fact]
    public async Task A_rebuild_with_95_percent_unchanged_does_at_most_a_tenth_of_the_work()
    {
        var first = Enumerable.Range(1, 40).Select(n => Item(n, "good.mp3")).ToList();
        var second = first.Take(38).Concat([Item(41, "good.mp3"), Item(42, "good.mp3")]).ToList();
        using var store = s3.OpenStore(s3.NewStoreUri());

        BuildReport full, rebuild;
        await using (var server = await FeedServer.StartAsync(first, pageSize: 10, routes: MediaRoutes))
        {
            full = await Builds.RunAsync(new HttpFeedSource(new Uri(server.Url), Builds.Fetch(), new FeedLimits()), store, media: Options());
        }
        await using (var server = await FeedServer.StartAsync(second, pageSize: 10, routes: MediaRoutes))
        {
            rebuild = await Builds.RunAsync(new HttpFeedSource(new Uri(server.Url), Builds.Fetch(), new FeedLimits()), store, media: Options());
        }

        Assert.Equal((BuildOutcome.Published, 40), (full.Outcome, full.Counts.Published));
        Assert.Equal((BuildOutcome.Published, 40), (rebuild.Outcome, rebuild.Counts.Published));
        Assert.Equal((80, 40, 80), (full.Work.Downloads, full.Work.Decodes, full.Work.Uploads));
        Assert.Equal((4, 2, 4, 38), (rebuild.Work.Downloads, rebuild.Work.Decodes, rebuild.Work.Uploads, rebuild.Work.Reused));
        Assert.True(rebuild.Work.Downloads * 10 <= full.Work.Downloads && rebuild.Work.Decodes * 10 <= full.Work.Decodes);
    }

    [Fact]
    public async Task Stored_measurements_are_rejudged_against_new_thresholds_without_decoding_again()
    {
        using var store = s3.OpenStore(s3.NewStoreUri());
        await using var server = await FeedServer.StartAsync([Item(1, "good.mp3"), Item(2, "quiet.mp3")], pageSize: 10, routes: MediaRoutes);
        var strict = await Builds.RunAsync(new HttpFeedSource(new Uri(server.Url), Builds.Fetch(), new FeedLimits()), store, media: Options());
        Assert.Equal((1, 1), (strict.Counts.Published, strict.Counts.Volume));

        // Loosen the quiet threshold: the quiet preview now passes, from its stored measurement; only then is it downloaded to be mirrored.
        var loose = await Builds.RunAsync(new HttpFeedSource(new Uri(server.Url), Builds.Fetch(), new FeedLimits()), store, media: Options(minLufs: -70));
        Assert.Equal((2, 0), (loose.Counts.Published, loose.Counts.Volume));
        Assert.Equal(2, loose.Work.Downloads); // the quiet track's preview and cover, to upload them; nothing else
    }

    [Fact]
    public async Task Media_already_in_the_store_is_never_overwritten()
    {
        using var store = s3.OpenStore(s3.NewStoreUri());
        string id = TrackIds.FromTikTokMusicId("9000001");
        byte[] earlier = File.ReadAllBytes(Path.Combine(Fixtures, "sine-1k-m20db.mp3"));
        await store.TryPutAsync(MediaUrls.PreviewKey(id), earlier, Precondition.Absent, ObjectHeaders.Snapshot);
        await using var server = await FeedServer.StartAsync([Item(1, "good.mp3")], pageSize: 10, routes: MediaRoutes);
        var report = await Builds.RunAsync(new HttpFeedSource(new Uri(server.Url), Builds.Fetch(), new FeedLimits()), store, media: Options());
        Assert.Equal(1, report.Counts.Published);
        Assert.Equal(earlier, (await store.ReadAsync(MediaUrls.PreviewKey(id), 1 << 24)).Content);
        Assert.Equal(1, report.Work.Uploads); // only the cover was new
    }
}
