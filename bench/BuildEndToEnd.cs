using Layers.Catalog.Tracks;
using Layers.SnapshotBuilder.Audio;
using Layers.SnapshotBuilder.Http;
using Layers.SnapshotBuilder.Media;
using Layers.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Layers.Bench;

/// <summary>
/// The builder end to end: a fixture feed server on 127.0.0.1 with N tracks (paged, each with its own
/// preview and cover URL), a full build into an empty folder store, then a rebuild in which 95% of the
/// tracks are unchanged. Prints wall time and the work each did (downloads, decodes, uploads).
///   dotnet run -c Release --project bench -- build-e2e [tracks]
/// </summary>
public static class BuildEndToEnd
{
    public static async Task<int> RunAsync(int tracks)
    {
        string media = Path.Combine(Paths.Repo, "samples", "feed", "media");
        var previews = Enumerable.Range(1, 12).Select(i => File.ReadAllBytes(Path.Combine(media, $"preview-{i:00}.mp3"))).ToArray();
        var covers = Enumerable.Range(1, 8).Select(i => File.ReadAllBytes(Path.Combine(media, $"cover-{i:00}.jpg"))).ToArray();
        int newTracks = tracks / 20;
        var first = Enumerable.Range(0, tracks).ToList();
        var second = first.Skip(newTracks).Concat(Enumerable.Range(tracks, newTracks)).ToList();

        List<int> served = first;
        var (app, address) = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/feed", (HttpContext context) =>
            {
                int page = int.TryParse(context.Request.Query["cursor"], out int p) ? p : 0;
                string origin = $"http://{context.Request.Host}";
                var items = served.Skip(page * 100).Take(100).Select(n =>
                    $$"""{"musicId":"8{{n:000000}}","title":"Bench {{n}}","author":"Artist {{n % 97}}","duration":6,"playUrl":"{{origin}}/m/{{n}}.mp3","coverUrl":"{{origin}}/c/{{n}}.jpg","userCount":{{1_000_000 - n}},"link":"https://www.tiktok.com/music/b-{{n}}"}""");
                string? next = (page + 1) * 100 < served.Count ? (page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
                return Results.Text(FeedPage.Json(items, next), "application/json");
            });
            app.MapGet("/m/{n:int}.mp3", (int n) => Results.Bytes(previews[n % previews.Length], "audio/mpeg"));
            app.MapGet("/c/{n:int}.jpg", (int n) => Results.Bytes(covers[n % covers.Length], "image/jpeg"));
        });
        string feedUrl = address + "/feed";

        string storeDir = Path.Combine(Path.GetTempPath(), "layers-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
            var fetch = new HttpFetch(http, TimeSpan.FromSeconds(30));
            using var store = new FileObjectStore(storeDir, create: true);
            var options = new BuildOptions(MediaUrls.DefaultBaseUrl, Force: false,
                new MediaOptions(new HashSet<string> { "127.0.0.1" }, new VolumeThresholds(), Concurrency: 8));

            async Task<(BuildReport Report, TimeSpan Elapsed)> Build()
            {
                var clock = Stopwatch.StartNew();
                var report = await new SnapshotBuild(new HttpFeedSource(new Uri(feedUrl), fetch, new FeedLimits()), store, store, fetch, options, TimeProvider.System, IBuildLog.None)
                    .RunAsync(CancellationToken.None);
                return (report, clock.Elapsed);
            }

            var (full, fullTime) = await Build();
            served = second;
            var (rebuild, rebuildTime) = await Build();

            Console.WriteLine($"| build | tracks | outcome | wall time | downloads | decodes | uploads | reused |");
            Console.WriteLine($"| --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var (name, (report, elapsed)) in new[] { ("full", (full, fullTime)), ("rebuild, 95% unchanged", (rebuild, rebuildTime)) })
            {
                Console.WriteLine($"| {name} | {report.Counts.Published} | {report.Outcome} | {elapsed.TotalSeconds:0.00} s | {report.Work.Downloads} | {report.Work.Decodes} | {report.Work.Uploads} | {report.Work.Reused} |");
            }
            Console.WriteLine($"rebuild / full: wall time {rebuildTime / fullTime:0.000}, downloads {(double)rebuild.Work.Downloads / full.Work.Downloads:0.000}, decodes {(double)rebuild.Work.Decodes / full.Work.Decodes:0.000}");
            Console.WriteLine($"stage timings (ms), full: {string.Join(", ", full.TimingsMs.Select(t => $"{t.Key} {t.Value}"))}");
            Console.WriteLine($"stage timings (ms), rebuild: {string.Join(", ", rebuild.TimingsMs.Select(t => $"{t.Key} {t.Value}"))}");
            return full.ExitCode == 0 && rebuild.ExitCode == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            Directory.Delete(storeDir, recursive: true);
        }
    }
}
