using System.Text.Json.Nodes;

namespace Layers.SnapshotBuilder.Tests;

public class ItemValidatorTests
{
    private const string Good = """{"musicId":"7234567890123456789","title":"Sunset Drive","author":"Mae & Co","album":"Singles","duration":28,"playUrl":"https://cdn.example/p.mp3","coverUrl":"https://cdn.example/c.jpg","language":"en","userCount":412980,"isCommerceMusic":true,"link":"https://www.tiktok.com/music/Sunset-Drive-7234567890123456789"}""";

    private static ItemValidation Validate(string json, string? mediaRoot = null) =>
        new ItemValidator(mediaRoot).Validate(JsonDocument.Parse(json).RootElement);

    private static string With(string field, JsonNode? value)
    {
        var node = JsonNode.Parse(Good)!.AsObject();
        node[field] = value;
        return node.ToJsonString();
    }

    private static string Without(string field)
    {
        var node = JsonNode.Parse(Good)!.AsObject();
        node.Remove(field);
        return node.ToJsonString();
    }

    [Fact]
    public void A_good_item_passes_with_every_field()
    {
        var candidate = Validate(Good).Candidate!;
        Assert.Equal(new Candidate
        {
            MusicId = "7234567890123456789",
            Title = "Sunset Drive",
            Author = "Mae & Co",
            Album = "Singles",
            Duration = 28,
            Language = "en",
            UserCount = 412980,
            IsCommerceMusic = true,
            Link = "https://www.tiktok.com/music/Sunset-Drive-7234567890123456789",
            PlayUrl = "https://cdn.example/p.mp3",
            CoverUrl = "https://cdn.example/c.jpg",
        }, candidate);
    }

    [Theory]
    [InlineData("musicId")]
    [InlineData("title")]
    [InlineData("author")]
    [InlineData("duration")]
    [InlineData("playUrl")]
    [InlineData("coverUrl")]
    [InlineData("userCount")]
    [InlineData("link")]
    public void Missing_required_field_is_invalid(string field)
    {
        Assert.Equal($"missing_field:{field}", Validate(Without(field)).Reason);
        Assert.Equal($"missing_field:{field}", Validate(With(field, null)).Reason);
    }

    [Theory]
    [InlineData("musicId", "123")]
    [InlineData("title", "42")]
    [InlineData("duration", "\"28\"")]
    [InlineData("userCount", "\"many\"")]
    [InlineData("userCount", "1.5")]
    [InlineData("isCommerceMusic", "\"yes\"")]
    [InlineData("album", "[]")]
    [InlineData("language", "7")]
    public void Wrong_type_is_invalid_never_coerced(string field, string json) =>
        Assert.Equal($"bad_type:{field}", Validate(With(field, JsonNode.Parse(json))).Reason);

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(0.4)]
    public void Non_positive_duration_is_invalid(double duration) =>
        Assert.Equal("non_positive_duration", Validate(With("duration", duration)).Reason);

    [Fact]
    public void Negative_count_is_invalid() => Assert.Equal("negative_count:userCount", Validate(With("userCount", -1)).Reason);

    [Theory]
    [InlineData("playUrl", "ftp://host/p.mp3")]
    [InlineData("coverUrl", "not a url")]
    [InlineData("playUrl", "relative/p.mp3")] // relative paths only in local feeds
    [InlineData("link", "javascript:alert(1)")]
    [InlineData("link", "/music/x")]
    public void Bad_url_is_invalid(string field, string url) =>
        Assert.Equal($"bad_url:{field}", Validate(With(field, url)).Reason);

    [Fact]
    public void Local_feeds_may_use_paths_relative_to_the_feed_file()
    {
        var candidate = Validate(With("playUrl", "media/p.mp3"), "/feeds").Candidate!;
        Assert.Equal("/feeds/media/p.mp3", candidate.PlayUrl);
    }

    [Fact]
    public void A_media_field_may_be_a_url_list_tried_in_order()
    {
        var candidate = Validate(With("playUrl", JsonNode.Parse("""["https://a.example/p.mp3","media/p.mp3"]""")), "/feeds").Candidate!;
        Assert.Equal(["https://a.example/p.mp3", "/feeds/media/p.mp3"], candidate.PlayUrls);
        Assert.Equal(["https://cdn.example/c.jpg"], candidate.CoverUrls);
    }

    [Theory]
    [InlineData("[]", "empty_field:coverUrl")]
    [InlineData("""["https://a.example/c.jpg",""]""", "empty_field:coverUrl")]
    [InlineData("""["https://a.example/c.jpg","ftp://b/c.jpg"]""", "bad_url:coverUrl")]
    [InlineData("""["https://a.example/c.jpg",7]""", "bad_type:coverUrl")]
    public void Every_location_of_a_list_must_be_valid(string list, string reason) =>
        Assert.Equal(reason, Validate(With("coverUrl", JsonNode.Parse(list))).Reason);

    [Theory]
    [InlineData("   ")]
    [InlineData("\u200B\t")]
    public void Title_that_is_empty_after_normalizing_is_invalid(string title) =>
        Assert.Equal("empty_field:title", Validate(With("title", title)).Reason);

    [Fact]
    public void Not_an_object_is_invalid()
    {
        Assert.Equal("not_an_object", Validate("[1,2]").Reason);
        Assert.Equal("not_an_object", Validate("\"x\"").Reason);
    }

    [Fact]
    public void Text_is_trimmed_composed_and_collapsed()
    {
        // "Cafe" + combining acute (NFD), runs of mixed white space, a zero-width space.
        var candidate = Validate(With("title", "  Cafe\u0301 \t\n  del\u200B   Mar  ")).Candidate!;
        Assert.Equal("Café del Mar", candidate.Title);
        Assert.Equal(12, candidate.Title.Length);
    }

    /// <summary>One table for both ways a language comes in: a Layers feed's field (a code), and TikTok's (a code or an English name).</summary>
    [Theory]
    [InlineData(" EN ", "en", "en")]
    [InlineData("en", "en", "en")]
    [InlineData("pt-BR", "pt", "pt")]
    [InlineData("es_MX", "es", "es")]
    [InlineData("xx", "", "")]
    [InlineData("eng", "", "")]
    [InlineData("", "", "")]
    [InlineData("English", "", "en")]
    [InlineData("portuguese", "", "pt")]
    [InlineData("Portuguese (Brazil)", "", "pt")]
    [InlineData(" Spanish ", "", "es")]
    [InlineData("Japanese", "", "ja")]
    [InlineData("Korean", "", "ko")]
    [InlineData("Mandarin", "", "zh")]
    [InlineData("Klingon", "", "")]
    public void Language_is_an_iso_639_1_code_or_empty(string language, string fromLayersFeed, string fromTikTok)
    {
        Assert.Equal(fromLayersFeed, Validate(With("language", language)).Candidate!.Language);
        Assert.Equal(fromTikTok, LanguageCodes.FromCodeOrEnglishName(language));
    }

    [Fact]
    public void Optional_fields_default_when_missing()
    {
        var candidate = Validate(Without("album").Replace(",\"language\":\"en\"", "").Replace(",\"isCommerceMusic\":true", "")).Candidate!;
        Assert.Equal(("", "", false), (candidate.Album, candidate.Language, candidate.IsCommerceMusic));
    }

    [Theory]
    [InlineData(27.5, 28)]
    [InlineData(27.49, 27)]
    [InlineData(0.5, 1)]
    public void Duration_rounds_to_the_nearest_second(double seconds, int expected) =>
        Assert.Equal(expected, Validate(With("duration", seconds)).Candidate!.Duration);
}
