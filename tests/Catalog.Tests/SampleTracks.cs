using Layers.Catalog.Tracks;

namespace Layers.Catalog.Tests;

internal static class SampleTracks
{
    public static Track Make(int i, bool trending = true, long? userCount = null)
    {
        string id = TrackIds.FromTikTokMusicId($"72345678901234{i:00000}");
        return new Track(id, $"72345678901234{i:00000}", $"Song {i} — ünïcödé & \"quotes\"", "Mae & Co", i % 3 == 0 ? "" : "Singles", 20 + i % 40,
            MediaUrls.PreviewUrl(MediaUrls.DefaultBaseUrl, id), MediaUrls.CoverUrl(MediaUrls.DefaultBaseUrl, id),
            i % 2 == 0 ? "en" : "", userCount ?? 1000 + i * 37 % 500, i % 2 == 0, $"https://www.tiktok.com/music/song-{i}", trending);
    }

    public static List<Track> Catalog(int count, int retained = 0) =>
        Enumerable.Range(0, count).Select(i => Make(i))
            .OrderBy(t => t, TrackOrder.Instance)
            .Concat(Enumerable.Range(count, retained).Select(i => Make(i, trending: false)))
            .ToList();
}
