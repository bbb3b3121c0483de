using Layers.SnapshotBuilder.Media;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>The pieces the TikTok sources rest on: host patterns, signed-URL expiry, language names, auto detection, saved answers.</summary>
public class SourceAdapterTests
{
    private static HashSet<string> Patterns(params string[] values) => [.. values.Select(MediaHosts.Normalize)];

    [Theory]
    [InlineData("v16m.tiktokcdn.com", true)]
    [InlineData("a.b.tiktokcdn.com", true)]
    [InlineData("V16M.TikTokCDN.com", true)]
    [InlineData("v16m.tiktokcdn.com.", true)]
    [InlineData("tiktokcdn.com", false)]
    [InlineData("eviltiktokcdn.com", false)]
    [InlineData("v16m.eviltiktokcdn.com", false)]
    [InlineData("tiktokcdn.com.evil.io", false)]
    [InlineData("v16m.tiktokcdn.com.evil.io", false)]
    [InlineData("tiktokcdn-us.com", false)]
    [InlineData("media.example.org", true)]
    [InlineData("cdn.media.example.org", false)]
    public void Suffix_patterns_match_hosts_below_the_domain_and_never_a_look_alike(string host, bool allowed)
    {
        var patterns = Patterns("*.tiktokcdn.com", "media.example.org");
        Assert.Equal(allowed, MediaHosts.IsAllowed(patterns, new Uri($"https://{host}/x.mp3").IdnHost));
    }

    [Theory]
    [InlineData("*.com")]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("v16.*.com")]
    [InlineData("**.tiktokcdn.com")]
    [InlineData("*.0.0.1")]
    [InlineData("bad host")]
    public void Patterns_that_would_match_too_much_or_are_not_hosts_are_refused(string pattern) =>
        Assert.Throws<ArgumentException>(() => MediaHosts.Normalize(pattern));

    [Fact]
    public void Patterns_are_canonical() =>
        Assert.Equal(["*.tiktokcdn.com", "127.0.0.1", "xn--mnchen-3ya.example"], new[] { "*.TikTokCDN.com.", "127.0.0.1", "münchen.example" }.Select(MediaHosts.Normalize));

    [Theory]
    [InlineData("https://v16m.tiktokcdn.com/obj/a.mp3?x-expires=1700000000&x-signature=abc", 1700000000L, true)]
    [InlineData("https://v16m.tiktokcdn.com/obj/a.mp3?a=1&X-Expires=1700000001", 1700000001L, true)]
    [InlineData("https://v16m.tiktokcdn.com/0123456789abcdef0123456789abcdef/6571a2b3/video/tos/a.mp3", 0x6571a2b3L, true)]
    [InlineData("https://v77.tiktokcdn.com/obj/0123456789abcdef0123456789abcdef/6571a2b3/a.mp3", 0x6571a2b3L, true)]
    [InlineData("https://v16m.tiktokcdn.com/obj/a.mp3?x-signature=abc", null, true)]
    [InlineData("https://v16m.tiktokcdn.com/obj/a.mp3", null, false)]
    [InlineData("https://v16m.tiktokcdn.com/0123456789abcdef/6571a2b3/video/a.mp3", null, false)]
    [InlineData("https://v16m.tiktokcdn.com/obj/a.mp3?x-expires=soon", null, false)]
    public void Expiry_is_read_from_the_query_or_the_cdn_path(string url, long? expiry, bool signed)
    {
        var uri = new Uri(url);
        Assert.Equal(expiry, SignedUrls.Expiry(uri)?.ToUnixTimeSeconds());
        Assert.Equal(signed, SignedUrls.IsSigned(uri));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("act.abc\r\nX-Injected: 1")]
    [InlineData("act.ünïcode")]
    public void A_cml_source_needs_a_usable_token_and_the_refusal_never_quotes_it(string? token)
    {
        var e = Assert.Throws<ArgumentException>(() => FeedSources.Open(["https://business-api.tiktok.com/open_api/v1.3/discovery/cml/trending_list/?business_id=1"],
            SourceFormat.Auto, Builds.Fetch(), new FeedLimits(), token));
        Assert.Contains("TIKTOK_ACCESS_TOKEN", e.Message);
        Assert.DoesNotContain("act.", e.Message);
    }

    private static async Task<List<FeedRecord>> Read(IFeedSource source)
    {
        var records = new List<FeedRecord>();
        await foreach (var record in source.ReadAsync(CancellationToken.None))
        {
            records.Add(record);
        }
        return records;
    }

    private static async Task<List<FeedRecord>> ReadFile(TempDirectory dir, string content, SourceFormat format = SourceFormat.Auto)
    {
        string path = dir.Combine($"{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, content);
        return await Read(new FormattedFeedSource(new FileFeedSource(path, new FeedLimits()), format));
    }

    [Fact]
    public async Task A_saved_answer_is_read_from_its_envelope_and_a_failed_one_fails_with_tiktoks_words()
    {
        using var dir = new TempDirectory();
        var cml = await ReadFile(dir, """{"code":0,"message":"OK","request_id":"r1","data":{"list":[{"commercial_music_id":"1","commercial_music_name":"A","artist":"B","duration":9,"preview_url":"p.mp3","thumbnail_url":"c.jpg"}]}}""");
        Assert.Equal("tiktok-cml", Assert.Single(cml).Origin.Format);
        Assert.Equal("A", cml[0].Item.GetProperty("title").GetString());

        var paged = await ReadFile(dir, """{"items":[{"id_str":"2","title":"T"}],"nextCursor":null}""");
        Assert.Equal("tiktok-music", Assert.Single(paged).Origin.Format);

        var failed = await Assert.ThrowsAsync<FeedException>(() => ReadFile(dir, """{"code":40001,"message":"No permission to operate advertiser","request_id":"2026-r9","data":{}}"""));
        Assert.Contains("code 40001: \"No permission to operate advertiser\" (request_id 2026-r9)", failed.Message);
    }

    [Fact]
    public async Task Auto_decides_from_the_first_object_after_any_broken_lines_and_refuses_to_guess()
    {
        using var dir = new TempDirectory();
        var records = await ReadFile(dir, "not json\n{\"id\":\"3\",\"authorName\":\"W\",\"title\":\"T\"}\n");
        Assert.Equal(2, records.Count);
        Assert.NotNull(records[0].MalformedError);
        Assert.All(records, r => Assert.Equal("tiktok-music", r.Origin.Format));
        Assert.Equal("W", records[1].Item.GetProperty("author").GetString());

        var unknown = await Assert.ThrowsAsync<FeedException>(() => ReadFile(dir, """[{"aweme_id":"1"},{"id_str":"2"}]"""));
        Assert.Contains("cannot tell its format from its first item (fields: aweme_id)", unknown.Message);

        // Given a format, an object of another shape is one invalid item, not a failed source.
        var given = await ReadFile(dir, """[{"aweme_id":"1"}]""", SourceFormat.TikTokMusic);
        Assert.Equal("missing_field:musicId", Assert.Single(given).InvalidReason);
    }

    [Theory]
    [InlineData("""{"id":"7","title":"T","id_str":"8"}""", "8", null)]
    [InlineData("""{"id":7301234567890149999,"id_str":"7301234567890149999"}""", "7301234567890149999", null)]
    [InlineData("""{"id":7301234567890149999}""", null, "unsafe_numeric_id")]
    [InlineData("""{"id":9007199254740993}""", null, "unsafe_numeric_id")]
    [InlineData("""{"id":9007199254740992}""", "9007199254740992", null)]
    [InlineData("""{"id":1.5,"play_url":{}}""", null, "bad_type:musicId")]
    [InlineData("""{"id":-4,"play_url":{}}""", null, "bad_type:musicId")]
    public async Task Numeric_ids_are_trusted_only_up_to_2_pow_53(string item, string? musicId, string? reason)
    {
        using var dir = new TempDirectory();
        var record = Assert.Single(await ReadFile(dir, $"[{item}]", SourceFormat.TikTokMusic));
        Assert.Equal(reason, record.InvalidReason);
        Assert.Equal(musicId, reason is null ? record.Item.GetProperty("musicId").GetString() : null);
    }

    [Theory]
    [InlineData("3", null)]
    [InlineData("\"3\"", null)]
    [InlineData("\"third\"", "bad_type:rank_position")]
    [InlineData("2.5", "bad_type:rank_position")]
    public async Task Cml_rank_is_a_number_or_a_numeric_string(string rank, string? reason)
    {
        using var dir = new TempDirectory();
        var record = Assert.Single(await ReadFile(dir, $$"""[{"commercial_music_id":"1","rank_position":{{rank}}}]"""));
        Assert.Equal(reason, record.InvalidReason);
    }

    [Theory]
    [InlineData("""[{"date":"2026-11-29","views_daily":5},{"date":"2026-12-01","views_daily":"42"},{"date":"2026-11-30","views_daily":7}]""", 42)]
    [InlineData("""[{"date":"2026-12-01","views_daily":42},{"date":"garbage","views_daily":9}]""", 42)]
    [InlineData("""[]""", 0)]
    public async Task Cml_user_count_is_the_latest_days_views(string history, long userCount)
    {
        using var dir = new TempDirectory();
        var record = Assert.Single(await ReadFile(dir, $$"""[{"commercial_music_id":"1","trending_history":{{history}}}]"""));
        Assert.Equal(userCount, record.Item.GetProperty("userCount").GetInt64());
        Assert.True(record.Item.GetProperty("isCommerceMusic").GetBoolean());
        Assert.Equal(("", ""), (record.Item.GetProperty("album").GetString(), record.Item.GetProperty("language").GetString()));
    }

    [Fact]
    public async Task A_url_list_keeps_its_order_and_a_share_url_loses_its_tracking_query()
    {
        using var dir = new TempDirectory();
        var record = Assert.Single(await ReadFile(dir, """
            [{"id_str":"5","title":"T","author":"A","duration":9,"user_count":1,
              "play_url":{"url_list":["https://a.tiktokcdn.com/1.mp3","https://b.tiktokcdn.com/1.mp3","https://a.tiktokcdn.com/1.mp3"]},
              "cover_large":{"url_list":["https://a.tiktokcdn.com/l.jpeg"]},"cover_thumb":{"url_list":["https://a.tiktokcdn.com/t.jpeg"]},"cover_medium":{"url_list":["https://a.tiktokcdn.com/m.jpeg"]},
              "share_info":{"share_url":"https://www.tiktok.com/music/T-5?u_code=abc&user_id=99"}}]
            """));
        var candidate = new ItemValidator(null).Validate(record.Item).Candidate!;
        Assert.Equal(["https://a.tiktokcdn.com/1.mp3", "https://b.tiktokcdn.com/1.mp3"], candidate.PlayUrls);
        Assert.Equal(["https://a.tiktokcdn.com/l.jpeg", "https://a.tiktokcdn.com/m.jpeg", "https://a.tiktokcdn.com/t.jpeg"], candidate.CoverUrls);
        Assert.Equal("https://www.tiktok.com/music/T-5", candidate.Link);
    }
}
