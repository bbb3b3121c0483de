using System.Text;
using Layers.Catalog.Common;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;

namespace Layers.Catalog.Tests;

public class ManifestAndSettingsTests
{
    [Fact]
    public void Manifest_serializes_with_the_contract_field_names()
    {
        var manifest = new Manifest(1, "v1", StoreKeys.Snapshot("v1"), new string('a', 64), 10, 3, new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
        string json = Encoding.UTF8.GetString(ManifestJson.Serialize(manifest));
        Assert.StartsWith("""{"formatVersion":1,"version":"v1","blob":"catalog/snapshots/v1.snap.zst","sha256":"aaaa""", json);
        Assert.Contains("\"size\":10,\"trackCount\":3,\"createdAt\":\"2026-11-24T00:00:00+00:00\"", json);
        Assert.Equal(manifest, ManifestJson.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"formatVersion":2,"version":"v1","blob":"catalog/snapshots/v1.snap.zst","sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":1,"trackCount":1,"createdAt":"2026-11-24T00:00:00Z"}""")]
    [InlineData("""{"formatVersion":1,"version":"a/../../keys/keys","blob":"catalog/snapshots/a/../../keys/keys.snap.zst","sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":1,"trackCount":1,"createdAt":"2026-11-24T00:00:00Z"}""")]
    [InlineData("""{"formatVersion":1,"version":"sub/x","blob":"catalog/snapshots/sub/x.snap.zst","sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":1,"trackCount":1,"createdAt":"2026-11-24T00:00:00Z"}""")]
    [InlineData("""{"formatVersion":1,"version":"v1","blob":"../etc/passwd","sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":1,"trackCount":1,"createdAt":"2026-11-24T00:00:00Z"}""")]
    [InlineData("""{"formatVersion":1,"version":"v1","blob":"catalog/snapshots/v1.snap.zst","sha256":"xyz","size":1,"trackCount":1,"createdAt":"2026-11-24T00:00:00Z"}""")]
    [InlineData("""{"formatVersion":1,"version":"v1","blob":"catalog/snapshots/v1.snap.zst","sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":0,"trackCount":1,"createdAt":"2026-11-24T00:00:00Z"}""")]
    [InlineData("null")]
    public void Unusable_manifests_are_refused_with_a_reason(string json)
    {
        var e = Assert.Throws<SnapshotFormatException>(() => ManifestJson.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(RefusalReasons.BadManifest, e.Reason);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("12h", 43_200_000)]
    public void Durations_parse_as_operators_write_them(string text, long milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("0s")]
    [InlineData("-5s")]
    [InlineData("1.5h")]
    [InlineData("10y")]
    public void Bad_durations_are_rejected(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void Store_uris_parse_per_the_spec()
    {
        var env = new Dictionary<string, string?> { ["LAYERS_S3_ENDPOINT"] = "https://acct.r2.cloudflarestorage.com" };
        var s3 = ObjectStores.ParseS3("s3://bucket/some/prefix/", n => env.GetValueOrDefault(n));
        Assert.Equal(("bucket", "some/prefix", "auto"), (s3.Bucket, s3.Prefix, s3.Region));
        Assert.Throws<ArgumentException>(() => ObjectStores.ParseS3("s3://bucket", _ => null)); // R2 needs an endpoint
        Assert.Throws<ArgumentException>(() => ObjectStores.Open("ftp://host/x"));
        Assert.Throws<ArgumentException>(() => ObjectStores.Open("file://host/x"));
        Assert.Throws<ArgumentException>(() => StoreKeys.Validate("../x"));
        Assert.Throws<ArgumentException>(() => StoreKeys.Validate("a//b"));
    }
}
