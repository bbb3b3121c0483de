using Layers.Catalog.Tracks;

namespace Layers.Catalog.Tests;

public class TrackIdsTests
{
    private static readonly Guid DnsNamespace = new("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static readonly Guid UrlNamespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    [Fact]
    public void Matches_the_RFC_9562_test_vector() =>
        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), TrackIds.NameBased(DnsNamespace, "www.example.com"));

    [Fact]
    public void Namespace_is_derived_as_documented() =>
        Assert.Equal(TrackIds.TikTokMusicNamespace, TrackIds.NameBased(UrlNamespace, "https://layers.com/ns/tiktok-music"));

    [Fact]
    public void Same_music_id_gives_same_lower_case_id_and_others_differ()
    {
        // Computed independently with Python: uuid.uuid5(namespace, "7234567890123456789").
        Assert.Equal("ca755d92-5594-5225-86b0-2b58b284fd98", TrackIds.FromTikTokMusicId("7234567890123456789"));
        Assert.NotEqual(TrackIds.FromTikTokMusicId("7234567890123456789"), TrackIds.FromTikTokMusicId("7234567890123456780"));
    }
}
