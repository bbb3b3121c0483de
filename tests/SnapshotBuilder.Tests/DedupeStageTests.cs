using Layers.SnapshotBuilder.Pipeline.Stages;

namespace Layers.SnapshotBuilder.Tests;

public class DedupeStageTests
{
    private static Candidate Make(string musicId, string title, string author, long userCount) => new()
    {
        MusicId = musicId,
        Title = title,
        Author = author,
        Album = "",
        Duration = 30,
        Language = "en",
        UserCount = userCount,
        IsCommerceMusic = false,
        Link = "https://www.tiktok.com/music/x",
        PlayUrl = "https://x/p.mp3",
        CoverUrl = "https://x/c.jpg",
    };

    private static (List<Candidate> Kept, int Dropped) Dedupe(params Candidate[] candidates)
    {
        var result = DedupeStage.Dedupe(candidates);
        return (result.Output, result.Drops.Total);
    }

    [Fact]
    public void One_track_per_music_id_highest_count_wins()
    {
        var (kept, dropped) = Dedupe(Make("1", "A", "X", 10), Make("1", "A2", "X", 50), Make("2", "B", "Y", 5));
        Assert.Equal(1, dropped);
        Assert.Equal(["A2", "B"], kept.Select(c => c.Title).Order());
    }

    [Fact]
    public void One_track_per_title_and_author_ignoring_case()
    {
        var (kept, dropped) = Dedupe(Make("1", "Sunset Drive", "Mae", 10), Make("2", "SUNSET DRIVE", "mae", 30), Make("3", "Sunset Drive", "Other", 1));
        Assert.Equal(1, dropped);
        Assert.Equal(["2", "3"], kept.Select(c => c.MusicId).Order());
    }

    [Fact]
    public void Ties_do_not_depend_on_feed_order()
    {
        var a = Make("9", "Song", "Band", 10);
        var b = Make("1", "song", "band", 10);
        Assert.Equal("1", Dedupe(a, b).Kept.Single().MusicId);
        Assert.Equal("1", Dedupe(b, a).Kept.Single().MusicId);
    }
}
