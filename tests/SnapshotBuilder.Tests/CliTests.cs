using System.Text.RegularExpressions;
using Layers.Catalog.Keys;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>The command line as operators and cron run it: a real process, real exit codes, real output.</summary>
public class CliTests
{
    private static Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args) => BuilderCli.RunAsync(args);

    [Theory]
    [InlineData("build")]
    [InlineData("build", "--store", "/tmp/x")]
    [InlineData("build", "--source", "f.json", "--store", "/tmp/x", "--bogus")]
    [InlineData("build", "--source", "f.json", "--store", "ftp://nope")]
    [InlineData("build", "--source", "f.json", "--store", "/tmp/x", "--media-base-url", "not-a-url")]
    [InlineData("build", "--source", "f.json", "--store", "/tmp/x", "--source-format", "tiktok")]
    [InlineData("build", "--source", "f.json", "--store", "/tmp/x", "--allow-media-host", "*.com")]
    [InlineData("build", "--source", "f.json", "--store", "/tmp/x", "--allow-media-host", "v16.*.tiktokcdn.com")]
    [InlineData("build", "--source", "https://business-api.tiktok.com/open_api/v1.3/discovery/cml/trending_list/?business_id=1", "--store", "/tmp/x")]
    [InlineData("build", "--source", "https://api.example.com/cml", "--source-format", "tiktok-cml", "--store", "/tmp/x")]
    [InlineData("keys", "create", "--store", "/tmp/x", "--id", "a")]
    [InlineData("keys", "create", "--store", "/tmp/x", "--id", "a", "--scope", "admin:all")]
    [InlineData("keys", "create", "--store", "/tmp/x", "--id", "a b", "--scope", "publish:read")]
    [InlineData("build", "--source", "f.json", "--store", "/tmp/x", "--media-concurrency", "0")]
    [InlineData("rollback", "--store", "/tmp/x", "--to", "v1", "--reason", " ")]
    [InlineData("frobnicate")]
    public async Task Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var (exit, _, stderr) = await Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("error", stderr);
    }

    [Fact]
    public async Task Build_writes_a_report_and_exits_0()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = await Run("build", "--source", RepoPaths.SampleFeed, "--store", dir.Combine("store"), "--report", dir.Combine("report.json"));
        Assert.True(exit == 0, stderr);
        using var report = JsonDocument.Parse(File.ReadAllBytes(dir.Combine("report.json")));
        Assert.Equal("published", report.RootElement.GetProperty("outcome").GetString());
        Assert.True(report.RootElement.GetProperty("published").GetBoolean());
        Assert.Equal(232, report.RootElement.GetProperty("counts").GetProperty("published").GetInt32());
        Assert.True(report.RootElement.GetProperty("timingsMs").GetProperty("total").GetInt64() >= 0);
        var stages = report.RootElement.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["fetch", "dedupe", "profanity", "media", "retain", "validate", "serialize", "publish"], stages.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal((266, 252, 14), (stages[0].GetProperty("in").GetInt32(), stages[0].GetProperty("out").GetInt32(), stages[0].GetProperty("dropped").GetInt32()));
        Assert.All(stages, s => Assert.True(s.GetProperty("ms").GetInt64() >= 0));
    }

    [Fact]
    public async Task Sources_of_every_format_merge_and_the_report_counts_each()
    {
        using var dir = new TempDirectory();
        string samples = Path.Combine(RepoPaths.Root, "samples");
        var (exit, _, stderr) = await Run("build", "--source", Path.Combine(samples, "tiktok", "music-app.json"), "--source", Path.Combine(samples, "tiktok", "cml-trending-list.json"),
            "--source", RepoPaths.SampleFeed, "--store", dir.Combine("store"), "--report", dir.Combine("report.json"), "--allow-media-host", "*.tiktokcdn.com");
        Assert.True(exit == 0, stderr);
        using var report = JsonDocument.Parse(File.ReadAllBytes(dir.Combine("report.json")));
        var sources = report.RootElement.GetProperty("sources").EnumerateArray()
            .Select(s => $"{Path.GetFileName(s.GetProperty("source").GetString())} {s.GetProperty("format").GetString()} {s.GetProperty("fetched").GetInt32()} {s.GetProperty("invalid").GetInt32()}");
        Assert.Equal(["music-app.json tiktok-music 6 1", "cml-trending-list.json tiktok-cml 5 0", "trending.json layers 266 14"], sources);
        Assert.Equal(1, report.RootElement.GetProperty("invalidReasons").GetProperty("unsafe_numeric_id").GetInt32());
        Assert.Equal(237, report.RootElement.GetProperty("counts").GetProperty("published").GetInt32()); // the five TikTok songs once each, beside the sample feed's 232
    }

    [Fact]
    public async Task Missing_feed_fails_with_exit_1()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = await Run("build", "--source", dir.Combine("none.json"), "--store", dir.Combine("store"));
        Assert.Equal(1, exit);
        Assert.Contains("feed failed", stderr);
    }

    [Fact]
    public async Task Keys_create_prints_only_the_key_and_stores_only_its_hash()
    {
        using var dir = new TempDirectory();
        string store = dir.Combine("store");
        var (exit, stdout, _) = await Run("keys", "create", "--store", store, "--id", "ui", "--scope", "publish:read", "--expires", "2030-01-01T00:00:00Z");
        Assert.Equal(0, exit);
        string key = stdout.TrimEnd('\n');
        Assert.Matches(new Regex("^lm_[A-Za-z0-9_-]{43}$"), key);

        string file = await File.ReadAllTextAsync(Path.Combine(store, "keys", "keys.json"));
        Assert.DoesNotContain(key, file);
        var record = KeyFileStore.Parse(System.Text.Encoding.UTF8.GetBytes(file)).Keys.Single();
        Assert.Equal(("ui", ApiKeys.Hash(key), false), (record.Id, record.Sha256, record.Revoked));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), record.ExpiresAt);

        var again = await Run("keys", "create", "--store", store, "--id", "ui", "--scope", "publish:read");
        Assert.Equal(1, again.Exit);
        Assert.Equal("", again.Stdout);

        var list = await Run("keys", "list", "--store", store);
        Assert.Equal(0, list.Exit);
        Assert.Contains("ui", list.Stdout);
        Assert.Contains("active", list.Stdout);
        Assert.DoesNotContain(key, list.Stdout);
        Assert.DoesNotContain(record.Sha256, list.Stdout);

        Assert.Equal(0, (await Run("keys", "revoke", "--store", store, "--id", "ui")).Exit);
        Assert.Contains("revoked", (await Run("keys", "list", "--store", store)).Stdout);
        Assert.Equal(1, (await Run("keys", "revoke", "--store", store, "--id", "nobody")).Exit);
    }
}
