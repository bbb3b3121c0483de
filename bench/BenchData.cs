using Layers.Catalog.Keys;
using Layers.Catalog.Tracks;
using Layers.EdgeCatalog.Auth;
using Layers.EdgeCatalog.Serving;

namespace Layers.Bench;

/// <summary>Realistic catalogs of any size, and their blobs, cached on disk: writing a 100k-track blob takes a while.</summary>
internal static class BenchData
{
    public static List<Track> Tracks(int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            string musicId = $"7{i:000000000000000000}";
            string id = TrackIds.FromTikTokMusicId(musicId);
            return new Track(id, musicId, $"Track number {i} (Remix)", $"Artist {i % 997} & Friends", i % 3 == 0 ? "" : "Singles", 15 + i % 46,
                MediaUrls.PreviewUrl(MediaUrls.DefaultBaseUrl, id), MediaUrls.CoverUrl(MediaUrls.DefaultBaseUrl, id),
                i % 4 == 0 ? "es" : "en", 2_000_000 - i * 13, i % 2 == 0, $"https://www.tiktok.com/music/track-{musicId}", true);
        }).OrderBy(t => t, TrackOrder.Instance).ToList();

    /// <summary>The publish:read key of <see cref="ServingState"/>.</summary>
    public const string Key = "lm_benchmark_key_0123456789abcdefghijklmnopqrstu";

    /// <summary>What an edge serves from: a key set holding <see cref="Key"/> and an N-track catalog, both swapped in.</summary>
    public static (CatalogState State, KeySet Keys, ServingCatalog Catalog) ServingState(int tracks)
    {
        var state = new CatalogState();
        var keys = KeySet.From(new KeyFile([new KeyRecord("bench", ApiKeys.Hash(Key), [Scopes.PublishRead], false, null)]), "\"v\"");
        state.Swap(keys);
        var catalog = ServingCatalog.From(SnapshotReader.Read(Blob(tracks)));
        state.Swap(catalog);
        return (state, keys, catalog);
    }

    public static byte[] Blob(int count)
    {
        string path = Path.Combine(Path.GetTempPath(), $"layers-bench-snapshot-{count}.snap.zst");
        if (!File.Exists(path))
        {
            var written = SnapshotWriter.Write($"bench-{count}", new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), Tracks(count));
            File.WriteAllBytes(path + ".tmp", written.Blob);
            File.Move(path + ".tmp", path, overwrite: true);
        }
        return File.ReadAllBytes(path);
    }
}
