using System.Globalization;
using Layers.SnapshotBuilder.Audio;
using Layers.SnapshotBuilder.Media;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>
/// Builds from TikTok-shaped sources end to end (fixture server, real media stage, folder store): every format over
/// HTTP and from the sample files yields exactly the catalog its mapping says, with the same ids; TikTok's errors,
/// rate limits and bad answers fail clearly and leave the announced snapshot alone; signed media URLs are judged
/// before they are asked.
/// </summary>
public class TikTokSourceTests
{
    private sealed record Song(string MusicId, string Title, string Author, string Album, double Duration, string? Language, long Users, bool Commerce);

    private static readonly Song[] Songs =
    [
        new("7301234567890140001", "Midnight Diner", "Tape Loop Club", "Live at Home", 31, "English", 880000, true),
        new("7301234567890140002", "Ocean Avenue", "Beatriz Sol", "", 15.4, "pt-BR", 640000, false),
        new("7301234567890140003", "Static Garden", "Jonas Weiß", "Demos", 44, null, 320000, true),
    ];

    private static readonly HashSet<string> CdnHosts = ["*.tiktokcdn.com", "*.tiktokcdn-us.com"];

    private static long Future => DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds();

    private const long Past = 1700000000; // November 2023

    private static string Json(object? value) => JsonSerializer.Serialize(value);

    private static string Raw(Song s, int i) => s.MusicId; // the id as a JSON number literal (beyond 2^53: rounded by any double)

    /// <summary>The app's snake_case object: the first play URL answers 403 (a signature gone bad), the large cover has expired.</summary>
    private static string AppItem(Song s, int i) =>
        $$"""
        {"id":{{Raw(s, i)}},"id_str":"{{s.MusicId}}","title":{{Json(s.Title)}},"author":{{Json(s.Author)}},{{(s.Album.Length > 0 ? $"\"album\":{Json(s.Album)}," : "")}}"duration":{{s.Duration.ToString(CultureInfo.InvariantCulture)}},
         "play_url":{"uri":"tos-useast2a-ve-2774/{{s.MusicId}}","url_list":["http://sf16-ies-music-va.tiktokcdn.com/obj/{{s.MusicId}}/forbidden.mp3?x-expires={{Future}}&x-signature=c2ln","http://sf77-ies-music-va.tiktokcdn.com/obj/{{s.MusicId}}/ok.mp3?x-expires={{Future}}&x-signature=c2ln"],"width":720,"height":720},
         "cover_large":{"uri":"a","url_list":["http://p16-sign-va.tiktokcdn.com/{{s.MusicId}}~c5_1080x1080.jpeg?x-expires={{Past}}&x-signature=c2ln"]},
         "cover_medium":{"uri":"a","url_list":["http://p77-sign-va.tiktokcdn-us.com/{{s.MusicId}}~c5_720x720.jpeg?x-expires={{Future}}&x-signature=c2ln"]},
         "cover_thumb":{"uri":"a","url_list":["http://p16-sign-va.tiktokcdn.com/{{s.MusicId}}~c5_100x100.jpeg?x-expires={{Future}}&x-signature=c2ln"]},
         "user_count":{{(i == 1 ? $"\"{s.Users}\"" : s.Users)}},"is_commerce_music":{{Json(s.Commerce)}}{{(s.Language is null ? "" : $",\"language\":{Json(s.Language)}")}},"is_original":false}
        """.ReplaceLineEndings("");

    /// <summary>The web's camelCase object: play URL with the expiry in its path, counts in stats (the second one as the {music, stats} pair).</summary>
    private static string WebItem(Song s, int i)
    {
        string music = $$"""
            "id":"{{s.MusicId}}","title":{{Json(s.Title)}},"authorName":{{Json(s.Author)}},"album":{{Json(s.Album)}},"duration":{{s.Duration.ToString(CultureInfo.InvariantCulture)}},"original":false,
            "playUrl":"http://v16m.tiktokcdn.com/0123456789abcdef0123456789abcdef/{{Future:x8}}/video/tos/useast2a/{{s.MusicId}}/ok.mp3",
            "coverLarge":"http://p16-sign-va.tiktokcdn.com/{{s.MusicId}}~c5_1080x1080.jpeg?x-expires={{Future}}&x-signature=c2ln",
            "coverMedium":"http://p16-sign-va.tiktokcdn.com/{{s.MusicId}}~c5_720x720.jpeg?x-expires={{Future}}&x-signature=c2ln",
            "isCommerceMusic":{{Json(s.Commerce)}}{{(s.Language is null ? "" : $",\"language\":{Json(s.Language)}")}}
            """.ReplaceLineEndings("");
        return i switch
        {
            1 => "{\"music\":{" + music + "},\"stats\":{\"videoCount\":" + s.Users + ",\"viewCount\":0}}",
            2 => "{" + music + ",\"userCount\":" + s.Users + "}",
            _ => "{" + music + ",\"stats\":{\"videoCount\":" + s.Users + "}}",
        };
    }

    /// <summary>A CML trending-list entry: rank as a number or a string, the latest day not last in the history.</summary>
    private static string CmlItem(Song s, int i) =>
        $$"""
        {"commercial_music_id":"{{s.MusicId}}","commercial_music_name":{{Json(s.Title)}},"artist":{{Json(s.Author)}},"duration":{{s.Duration.ToString(CultureInfo.InvariantCulture)}},
         "preview_url":"http://sf16-ies-music-va.tiktokcdn.com/obj/cml/{{s.MusicId}}/ok.mp3?x-expires={{Future}}&x-signature=c2ln",
         "thumbnail_url":"http://p16-sign-va.tiktokcdn.com/cml/{{s.MusicId}}.jpeg?x-expires={{Future}}&x-signature=c2ln",
         "rank_position":{{(i % 2 == 0 ? $"{i + 1}" : $"\"{i + 1}\"")}},"genre":["POP"],
         "trending_history":[{"date":"2026-11-30","rank_position_daily":{{i + 2}},"views_daily":{{s.Users - 7}}},{"date":"2026-12-01","rank_position_daily":{{i + 1}},"views_daily":{{s.Users}}},{"date":"2026-11-29","rank_position_daily":{{i + 3}},"views_daily":{{s.Users * 2}}}]}
        """.ReplaceLineEndings("");

    private static string LayersItem(Song s, int i) =>
        $$"""
        {"musicId":"{{s.MusicId}}","title":{{Json(s.Title)}},"author":{{Json(s.Author)}},"album":{{Json(s.Album)}},"duration":{{s.Duration.ToString(CultureInfo.InvariantCulture)}},
         "playUrl":"http://sf16-ies-music-va.tiktokcdn.com/obj/{{s.MusicId}}/ok.mp3","coverUrl":"http://p16-sign-va.tiktokcdn.com/{{s.MusicId}}.jpeg",
         "language":{{Json(s.Language switch { "English" => "en", null => "", _ => s.Language })}},"userCount":{{s.Users}},"isCommerceMusic":{{Json(s.Commerce)}},
         "link":"https://www.tiktok.com/music/x-{{s.MusicId}}"}
        """.ReplaceLineEndings("");

    /// <summary>What docs/contract/feed-formats.md's mapping says each song becomes, in catalog order (userCount descending).</summary>
    private static List<string> Expected(string format) =>
    [
        .. Songs.Select(s => string.Join('|',
            TrackIds.FromTikTokMusicId(s.MusicId), s.Title, s.Author,
            format == "tiktok-cml" ? "" : s.Album,
            (int)Math.Round(s.Duration, MidpointRounding.AwayFromZero),
            format == "tiktok-cml" ? "" : s.Language switch { "English" => "en", "pt-BR" => "pt", _ => "" },
            s.Users,
            format == "tiktok-cml" || s.Commerce,
            $"https://www.tiktok.com/music/x-{s.MusicId}")),
    ];

    private static async Task<List<string>> Catalog(IObjectStore store)
    {
        var retriever = new SnapshotRetriever(store);
        var manifest = (await retriever.ReadManifestAsync(null))!.Manifest;
        var snapshot = SnapshotReader.Read(await retriever.ReadBlobAsync(manifest, 1 << 30));
        using var list = JsonDocument.Parse(snapshot.ListBody(ContentEncoding.Identity).Data);
        var order = list.RootElement.GetProperty("tracks").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        return [.. order.Select(id =>
        {
            using var detail = JsonDocument.Parse(snapshot.Tracks.Single(t => t.Id.ToString("D") == id).DetailBody);
            var t = detail.RootElement;
            return string.Join('|', t.GetProperty("id").GetString(), t.GetProperty("title").GetString(), t.GetProperty("author").GetString(),
                t.GetProperty("album").GetString(), t.GetProperty("duration").GetInt32(), t.GetProperty("language").GetString(),
                t.GetProperty("userCount").GetInt64(), t.GetProperty("isCommerceMusic").GetBoolean(), t.GetProperty("tiktokMusicLink").GetString());
        })];
    }

    private static async Task<string?> AnnouncedVersion(IObjectStore store) =>
        await store.ExistsAsync(StoreKeys.Manifest) ? (await new SnapshotRetriever(store).ReadManifestAsync(null))!.Manifest.Version : null;

    private static Task<BuildReport> Build(TikTokServer server, IObjectStore store, SourceFormat format, params string[] sources) =>
        BuildLogged(server, store, format, IBuildLog.None, new FeedLimits(), sources);

    private static Task<BuildReport> BuildLogged(TikTokServer server, IObjectStore store, SourceFormat format, IBuildLog log, FeedLimits limits, params string[] sources)
    {
        var fetch = server.Fetch();
        var feed = FeedSources.Open(sources, format, fetch, limits, TikTokServer.Token);
        var options = new BuildOptions(MediaUrls.DefaultBaseUrl, Force: false, new MediaOptions(CdnHosts, new VolumeThresholds(), Concurrency: 4));
        return new SnapshotBuild(feed, store, store, fetch, options, TimeProvider.System, log).RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("tiktok-music", "app")]
    [InlineData("tiktok-music", "web")]
    [InlineData("tiktok-cml", "cml")]
    [InlineData("layers", "layers")]
    public async Task Each_format_over_http_builds_exactly_the_catalog_its_mapping_says(string format, string shape)
    {
        await using var server = await TikTokServer.StartAsync();
        Func<Song, int, string> item = shape switch { "app" => AppItem, "web" => WebItem, "cml" => CmlItem, _ => LayersItem };
        var items = Songs.Select(item).ToList();
        string url;
        if (shape == "cml")
        {
            server.TrendingLists["US"] = items;
            url = server.TrendingListUrl("US");
        }
        else
        {
            server.MusicItems.AddRange(items);
            url = server.Url("/api/music");
        }
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);

        foreach (var given in new[] { SourceFormat.Auto, SourceFormats.Parse(format) })
        {
            var report = await Build(server, store, given, url);
            Assert.True(report.Outcome is BuildOutcome.Published or BuildOutcome.Unchanged, $"{report.Reason} {string.Join(' ', report.InvalidReasons.Concat(report.DropReasons))}");
            var source = Assert.Single(report.Sources);
            Assert.Equal((url.Split('?')[0], format, 3, 0), (source.Source, source.Format, source.Fetched, source.Invalid));
            Assert.Equal(Expected(format), await Catalog(store));
        }
        Assert.False(server.TokenSentElsewhere); // neither a music feed nor a CDN ever sees the token
        if (shape == "app")
        {
            // The first play URL answered 403 once (never retried) and the expired large cover was never asked.
            Assert.Equal(1, server.Hits($"http://sf16-ies-music-va.tiktokcdn.com/obj/{Songs[0].MusicId}/forbidden.mp3"));
            Assert.Equal(0, server.Hits($"http://p16-sign-va.tiktokcdn.com/{Songs[0].MusicId}~c5_1080x1080.jpeg"));
        }
    }

    [Fact]
    public async Task The_sample_files_build_the_same_tracks_with_the_same_ids_in_every_format()
    {
        string[] samples = ["music-app.json", "music-web.jsonl", "cml-trending-list.json"];
        var catalogs = new List<List<string>>();
        foreach (string sample in samples)
        {
            using var dir = new TempDirectory();
            using var store = new FileObjectStore(dir.Combine("store"), create: true);
            var report = await Builds.RunAsync(FeedSources.Open([Path.Combine(RepoPaths.Root, "samples", "tiktok", sample)], SourceFormat.Auto, Builds.Fetch(), new FeedLimits(), null), store);
            Assert.Equal(BuildOutcome.Published, report.Outcome);
            Assert.Equal(5, report.Counts.Published);
            catalogs.Add(await Catalog(store));
        }
        string[] ids = ["7301234567890123457", "7301234567890125003", "7301234567890127331", "7301234567890129977", "7301234567890131112"];
        Assert.All(catalogs, c => Assert.Equal(ids.Select(TrackIds.FromTikTokMusicId), c.Select(t => t.Split('|')[0])));
        Assert.Equal(
        [
            $"{TrackIds.FromTikTokMusicId(ids[0])}|Sunset Drive|Mae & Co|Singles|28|en|412980|True|https://www.tiktok.com/music/Sunset-Drive-7301234567890123457",
            $"{TrackIds.FromTikTokMusicId(ids[1])}|Neon Harbor|Kid Comet||30|pt|250000|False|https://www.tiktok.com/music/x-7301234567890125003",
            $"{TrackIds.FromTikTokMusicId(ids[2])}|Velvet Skyline|Lúa Moreno|Night Shift|45|es|198765|True|https://www.tiktok.com/music/x-7301234567890127331",
            $"{TrackIds.FromTikTokMusicId(ids[3])}|Paper Parade|Olu Ade||20||150001|True|https://www.tiktok.com/music/x-7301234567890129977",
            $"{TrackIds.FromTikTokMusicId(ids[4])}|Honey Static|Zoé Blanc|Demos|60|fr|99999|False|https://www.tiktok.com/music/x-7301234567890131112",
        ], catalogs[0]);
        Assert.Equal(catalogs[0].Select(t => string.Join('|', t.Split('|')[..8])), catalogs[1].Select(t => string.Join('|', t.Split('|')[..8])));
        Assert.All(catalogs[2], t => Assert.Matches(@"\|\|\d+\|\|\d+\|True\|https://www\.tiktok\.com/music/x-\d+$", t)); // CML: no language, commercial
    }

    [Fact]
    public async Task Several_trending_lists_merge_before_dedupe_and_are_counted_per_source()
    {
        await using var server = await TikTokServer.StartAsync();
        server.TrendingLists["US"] = [CmlItem(Songs[0], 0), CmlItem(Songs[1], 1)];
        server.TrendingLists["GB"] = [CmlItem(Songs[1] with { Users = 10 }, 1), CmlItem(Songs[2], 2)];
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        server.TrendingLists["NZ"] = [];
        var report = await Build(server, store, SourceFormat.Auto, server.TrendingListUrl("US"), server.TrendingListUrl("GB"), server.TrendingListUrl("NZ"));

        Assert.Equal(BuildOutcome.Published, report.Outcome);
        Assert.Equal((4, 1, 3), (report.Counts.Fetched, report.Counts.Duplicate, report.Counts.Published));
        Assert.Equal([("tiktok-cml", 2), ("tiktok-cml", 2), (null, 0)], report.Sources.Select(s => (s.Format, s.Fetched))); // an empty list is listed, undecided
        Assert.Equal(Expected("tiktok-cml"), await Catalog(store)); // the higher count of the duplicate won
    }

    [Fact]
    public async Task Signed_urls_that_expired_are_never_asked_a_403_is_forbidden_once_and_look_alike_hosts_are_refused()
    {
        await using var server = await TikTokServer.StartAsync();
        string Item(int n, params string[] playUrls) =>
            $$"""{"id_str":"73000000000000000{{n:00}}","title":"Signed {{n}}","author":"CDN","duration":8,"play_url":{"url_list":{{Json(playUrls)}}},"cover_medium":{"url_list":["http://p16-sign-va.tiktokcdn.com/{{n}}.jpeg"]},"user_count":{{1000 + n}}}""";
        string expiredQuery = $"http://v16m.tiktokcdn.com/a/expired.mp3?x-expires={Past}&x-signature=c2ln";
        string expiredPath = $"http://v16m.tiktokcdn.com/0123456789abcdef0123456789abcdef/{Past:x8}/video/tos/expired.mp3";
        string forbidden = $"http://v19.tiktokcdn.com/b/forbidden.mp3?x-expires={Future}&x-signature=c2ln";
        string lookAlike1 = "http://v16m.eviltiktokcdn.com/c/ok.mp3";
        string lookAlike2 = "http://v16m.tiktokcdn.com.evil.io/c/ok.mp3";
        server.MusicItems.AddRange(
        [
            Item(1, expiredQuery, expiredPath, $"http://v16m.tiktokcdn.com/a/ok.mp3?x-expires={Future}&x-signature=c2ln"),
            Item(2, expiredQuery, expiredPath),
            Item(3, forbidden),
            Item(4, lookAlike1, lookAlike2),
        ]);
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var report = await Build(server, store, SourceFormat.TikTokMusic, server.Url("/api/music"));

        Assert.Equal(BuildOutcome.Published, report.Outcome);
        Assert.Equal(1, report.Counts.Published);
        Assert.Equal(new Dictionary<string, int> { ["media:expired"] = 1, ["media:forbidden"] = 1, ["media:host_not_allowed"] = 1 }, report.DropReasons);
        Assert.Equal((0, 0, 1, 0, 0), (server.Hits(expiredQuery), server.Hits(expiredPath), server.Hits(forbidden), server.Hits(lookAlike1), server.Hits(lookAlike2)));
    }

    [Fact]
    public async Task A_rejected_token_fails_at_once_naming_tiktoks_message_and_request_id_and_the_token_is_nowhere()
    {
        await using var server = await TikTokServer.StartAsync();
        server.TrendingLists["US"] = [CmlItem(Songs[0], 0)];
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var fetch = server.Fetch();
        var log = new StringWriter();
        var feed = FeedSources.Open([server.TrendingListUrl("US")], SourceFormat.TikTokCml, fetch, new FeedLimits(), "act.wrong-token-7f3e9a1b2c");
        var report = await new SnapshotBuild(feed, store, store, fetch, new BuildOptions(MediaUrls.DefaultBaseUrl, false), TimeProvider.System, new JsonBuildLog(log))
            .RunAsync(CancellationToken.None);

        Assert.Equal((BuildOutcome.Failed, ExitCodes.Failed), (report.Outcome, report.ExitCode));
        Assert.Contains("code 40105", report.Reason);
        Assert.Contains("Access token '[redacted]' is invalid or has expired", report.Reason);
        Assert.Matches("request_id 202612020830[0-9]{4}ABCDEF", report.Reason);
        Assert.Equal(1, server.Hits(server.TrendingListUrl("US"))); // not retried
        string everything = report.Reason + JsonSerializer.Serialize(report) + log + feed.Description;
        Assert.DoesNotContain("wrong-token", everything);
        Assert.Null(await AnnouncedVersion(store));
    }

    [Fact]
    public async Task A_429_and_tiktoks_rate_limit_code_are_retried_until_the_list_comes()
    {
        await using var server = await TikTokServer.StartAsync();
        server.TrendingLists["RL"] = [CmlItem(Songs[0], 0)];
        server.TrendingLists["TL"] = [CmlItem(Songs[1], 1), CmlItem(Songs[2], 2)];
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var report = await Build(server, store, SourceFormat.Auto, server.TrendingListUrl("RL"), server.TrendingListUrl("TL"));
        Assert.True(report.Outcome == BuildOutcome.Published, report.Reason);
        Assert.Equal(4, server.Hits(server.TrendingListUrl("RL"))); // the endpoint, for both lists: each asked twice
        Assert.Equal(Expected("tiktok-cml"), await Catalog(store));
    }

    public static TheoryData<string, string, int> BadSources => new()
    {
        { "/html", "is HTML (text/html), not JSON", ExitCodes.Failed },
        { "/empty", "empty", ExitCodes.Refused },
        { "/unknown", "cannot tell its format from its first item (fields: aweme_id, desc)", ExitCodes.Failed },
        { "/huge", "over the cap of 65536", ExitCodes.Failed },
        { "cml:XX", "TikTok answered code 40002: \"country_code: XX is not supported.\" (request_id 202612020830", ExitCodes.Failed },
        { "cml:JP", "TikTok answered code 40100: \"Requests made too frequently. Please try again later.\"", ExitCodes.Failed },
        { "token", "code 40105", ExitCodes.Failed },
    };

    [Theory]
    [MemberData(nameof(BadSources))]
    public async Task A_bad_source_fails_clearly_with_its_exit_code_and_the_announced_snapshot_stays(string path, string message, int exitCode)
    {
        await using var server = await TikTokServer.StartAsync();
        server.TrendingLists["US"] = [.. Songs.Select(CmlItem)];
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var good = await Build(server, store, SourceFormat.Auto, server.TrendingListUrl("US"));
        Assert.Equal(BuildOutcome.Published, good.Outcome);

        string url = path.StartsWith("cml:", StringComparison.Ordinal) ? server.TrendingListUrl(path[4..]) : server.Url(path);
        var fetch = server.Fetch();
        var feed = FeedSources.Open([url], SourceFormat.Auto, fetch, new FeedLimits(MaxPageBytes: 65536), path == "token" ? "act.revoked" : TikTokServer.Token);
        if (path == "token")
        {
            feed = FeedSources.Open([server.TrendingListUrl("US")], SourceFormat.Auto, fetch, new FeedLimits(), "act.revoked");
        }
        var report = await Builds.RunAsync(feed, store, fetch: fetch);

        Assert.Equal(exitCode, report.ExitCode);
        Assert.Contains(message, exitCode == ExitCodes.Refused ? string.Join(' ', report.Vetoes.Select(v => v.Code)) : report.Reason);
        Assert.Equal(good.Version, await AnnouncedVersion(store));
        if (path == "cml:JP")
        {
            Assert.Contains("(3 attempts)", report.Reason); // retried with backoff, then failed
        }
    }

    [Fact]
    public async Task One_malformed_item_never_fails_a_build_and_each_has_its_own_reason()
    {
        await using var server = await TikTokServer.StartAsync();
        server.MusicItems.AddRange(
        [
            .. Songs.Select(AppItem),
            """{"id":7301234567890149999,"title":"Rounded","author":"Float","duration":30,"play_url":{"url_list":["http://v16m.tiktokcdn.com/x/ok.mp3"]},"cover_medium":{"url_list":["http://p16-sign-va.tiktokcdn.com/x.jpeg"]},"user_count":5}""",
            """{"id":9007199254740993,"title":"Just Over","author":"Float","duration":30,"play_url":{"url_list":["http://v16m.tiktokcdn.com/y/ok.mp3"]},"cover_medium":{"url_list":["http://p16-sign-va.tiktokcdn.com/y.jpeg"]},"user_count":5}""",
            """{"id":9007199254740992,"title":"Just Safe","author":"Float","duration":30,"play_url":{"url_list":["http://v16m.tiktokcdn.com/z/ok.mp3"]},"cover_medium":{"url_list":["http://p16-sign-va.tiktokcdn.com/z.jpeg"]},"user_count":5}""",
            """{"id_str":"7300000000000000077","title":"No Media","author":"Gone","duration":30,"play_url":{"url_list":[]},"cover_medium":{"url_list":["http://p16-sign-va.tiktokcdn.com/w.jpeg"]},"user_count":5}""",
            """{"id_str":"7300000000000000078","title":"Bad Count","author":"Gone","duration":30,"play_url":{"url_list":["http://v16m.tiktokcdn.com/v/ok.mp3"]},"cover_medium":{"url_list":["http://p16-sign-va.tiktokcdn.com/v.jpeg"]},"user_count":"many"}""",
            "[1,2]",
        ]);
        using var dir = new TempDirectory();
        using var store = new FileObjectStore(dir.Combine("store"), create: true);
        var report = await Build(server, store, SourceFormat.Auto, server.Url("/api/music"));

        Assert.Equal(BuildOutcome.Published, report.Outcome);
        Assert.Equal(4, report.Counts.Published); // the three songs and the id exactly 2^53
        Assert.Equal(new Dictionary<string, int> { ["bad_type:userCount"] = 1, ["empty_field:playUrl"] = 1, ["not_an_object"] = 1, ["unsafe_numeric_id"] = 2 },
            new Dictionary<string, int>(report.InvalidReasons));
        Assert.Contains(TrackIds.FromTikTokMusicId("9007199254740992"), (await Catalog(store)).Select(t => t.Split('|')[0]));
    }
}
