namespace Layers.SnapshotBuilder.Tests;

public class FeedSourceTests
{
    private static async Task<List<FeedRecord>> ReadAll(IFeedSource source)
    {
        var records = new List<FeedRecord>();
        await foreach (var record in source.ReadAsync(CancellationToken.None))
        {
            records.Add(record);
        }
        return records;
    }

    [Fact]
    public async Task Json_lines_file_keeps_a_bad_line_as_one_malformed_item()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("feed.jsonl");
        await File.WriteAllTextAsync(path, "{\"a\":1}\n\n{not json\r\n{\"b\":2}\n");
        var records = await ReadAll(new FileFeedSource(path, new FeedLimits()));
        Assert.Equal(3, records.Count);
        Assert.Null(records[0].MalformedError);
        Assert.StartsWith("line 3:", records[1].MalformedError);
        Assert.Equal(2, records[2].Item.GetProperty("b").GetInt32());
    }

    [Fact]
    public async Task Json_array_file_that_does_not_parse_fails_the_feed()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("feed.json");
        await File.WriteAllTextAsync(path, "[{\"a\":1},");
        await Assert.ThrowsAsync<FeedException>(() => ReadAll(new FileFeedSource(path, new FeedLimits())));
    }

    [Fact]
    public async Task Missing_file_fails_the_feed() =>
        await Assert.ThrowsAsync<FeedException>(() => ReadAll(new FileFeedSource("/nonexistent/feed.json", new FeedLimits())));

    [Fact]
    public async Task Item_cap_is_enforced()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("feed.json");
        await File.WriteAllTextAsync(path, "[1,2,3,4]");
        await Assert.ThrowsAsync<FeedException>(() => ReadAll(new FileFeedSource(path, new FeedLimits(MaxItems: 3))));
    }

    [Fact]
    public async Task Paged_http_feed_follows_cursors_to_the_end()
    {
        var items = Enumerable.Range(0, 25).Select(i => $"{{\"n\":{i}}}").ToList();
        await using var server = await FeedServer.StartAsync(items, pageSize: 10);
        var records = await ReadAll(new HttpFeedSource(new Uri(server.Url), Builds.Fetch(), new FeedLimits()));
        Assert.Equal(Enumerable.Range(0, 25), records.Select(r => r.Item.GetProperty("n").GetInt32()));
        Assert.Equal(["", "p1", "p2"], server.RequestedCursors);
    }

    [Fact]
    public async Task Page_cap_is_enforced()
    {
        var items = Enumerable.Range(0, 25).Select(i => $"{{\"n\":{i}}}").ToList();
        await using var server = await FeedServer.StartAsync(items, pageSize: 5);
        await Assert.ThrowsAsync<FeedException>(() => ReadAll(new HttpFeedSource(new Uri(server.Url), Builds.Fetch(), new FeedLimits(MaxPages: 3))));
    }

    [Fact]
    public async Task A_page_that_fails_fails_the_feed()
    {
        var items = Enumerable.Range(0, 25).Select(i => $"{{\"n\":{i}}}").ToList();
        await using var server = await FeedServer.StartAsync(items, pageSize: 10, failOnPage: 2);
        var e = await Assert.ThrowsAsync<FeedException>(() => ReadAll(new HttpFeedSource(new Uri(server.Url), Builds.Fetch(), new FeedLimits())));
        Assert.Contains("page 2", e.Message);
    }
}
