using System.Text;
using Layers.Catalog.Tracks;

namespace Layers.Catalog.Tests;

public class TrackJsonTests
{
    [Fact]
    public void List_body_is_byte_for_byte_the_contract_example()
    {
        var track = new Track("8f1d6c3e-4b2a-4a18-9e4f-c2d7a1b0e999", "7234567890123456789", "Sunset Drive", "Mae & Co", "Singles", 28,
            "https://media.layers.com/music/8f1d6c3e-4b2a-4a18-9e4f-c2d7a1b0e999/preview.mp3",
            "https://media.layers.com/music/8f1d6c3e-4b2a-4a18-9e4f-c2d7a1b0e999/cover.jpg",
            "en", 412980, true, "https://www.tiktok.com/music/Sunset-Drive-7234567890123456789", true);

        // Copied from docs/contract/http-api.md.
        const string expected = """{"tracks":[{"id":"8f1d6c3e-4b2a-4a18-9e4f-c2d7a1b0e999","title":"Sunset Drive","author":"Mae & Co","album":"Singles","duration":28,"previewUrl":"https://media.layers.com/music/8f1d6c3e-4b2a-4a18-9e4f-c2d7a1b0e999/preview.mp3","coverUrl":"https://media.layers.com/music/8f1d6c3e-4b2a-4a18-9e4f-c2d7a1b0e999/cover.jpg","language":"en","userCount":412980,"isCommerceMusic":true}],"total":1}""";
        Assert.Equal(expected, Encoding.UTF8.GetString(TrackJson.ListBody([track])));
    }

    [Fact]
    public void Detail_body_adds_link_and_trending_after_the_list_fields()
    {
        var track = SampleTracks.Make(1, trending: false);
        string json = Encoding.UTF8.GetString(TrackJson.DetailBody(track));
        Assert.EndsWith($",\"isCommerceMusic\":false,\"tiktokMusicLink\":\"{track.TikTokMusicLink}\",\"trending\":false}}", json);
        Assert.StartsWith($"{{\"id\":\"{track.Id}\",\"title\":", json);
    }

    [Fact]
    public void Empty_list_and_non_ascii_text_stay_valid_json()
    {
        Assert.Equal("""{"tracks":[],"total":0}""", Encoding.UTF8.GetString(TrackJson.ListBody([])));
        var track = SampleTracks.Make(2) with { Title = "Café \"Luz\" \\ <b>" };
        using var doc = System.Text.Json.JsonDocument.Parse(TrackJson.ListBody([track]));
        Assert.Equal("Café \"Luz\" \\ <b>", doc.RootElement.GetProperty("tracks")[0].GetProperty("title").GetString());
    }

    [Fact]
    public void Sort_is_user_count_descending_then_id_ordinal()
    {
        var a = SampleTracks.Make(1, userCount: 10) with { Id = "b0000000-0000-5000-8000-000000000000" };
        var b = SampleTracks.Make(2, userCount: 10) with { Id = "a0000000-0000-5000-8000-000000000000" };
        var c = SampleTracks.Make(3, userCount: 99);
        Assert.Equal([c, b, a], new[] { a, b, c }.OrderBy(t => t, TrackOrder.Instance));
    }
}
