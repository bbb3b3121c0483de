using Layers.Catalog.Keys;

namespace Layers.Bench;

/// <summary>
/// <c>make-store &lt;store-dir&gt; &lt;tracks&gt; [static-dir]</c>: a folder store holding an N-track snapshot
/// and one publish:read key, which it prints. With a static dir it also writes the snapshot's own list
/// bodies as <c>v1/tiktok-music</c>, <c>.gz</c> and <c>.br</c>, so nginx serves the very same bytes as the edge.
/// </summary>
internal static class MakeStore
{
    public static async Task<int> RunAsync(string storeDir, string tracks, string? staticDir)
    {
        Console.WriteLine(await CreateAsync(storeDir, int.Parse(tracks, CultureInfo.InvariantCulture), staticDir));
        return 0;
    }

    /// <summary>Creates the store (and static files); returns the key.</summary>
    public static async Task<string> CreateAsync(string storeDir, int tracks, string? staticDir)
    {
        using var store = new FileObjectStore(storeDir, create: true);
        var written = SnapshotWriter.Write("bench", DateTimeOffset.UtcNow, BenchData.Tracks(tracks));
        var manifest = new Manifest(1, "bench", StoreKeys.Snapshot("bench"), written.BlobSha256, written.Blob.Length, written.TrackCount, DateTimeOffset.UtcNow);
        await new SnapshotPublisher(store).PublishAsync(written, manifest, CurrentAnnouncement.None);
        string key = ApiKeys.Generate();
        await new KeyFileStore(store).UpdateAsync(_ => new([new("bench", ApiKeys.Hash(key), [Scopes.PublishRead], false, null)]));
        if (staticDir is not null)
        {
            var snapshot = SnapshotReader.Read(written.Blob);
            string list = Path.Combine(staticDir, "v1", "tiktok-music");
            Directory.CreateDirectory(Path.GetDirectoryName(list)!);
            File.WriteAllBytes(list, snapshot.ListBody(ContentEncoding.Identity).Data.ToArray());
            File.WriteAllBytes(list + ".gz", snapshot.ListBody(ContentEncoding.Gzip).Data.ToArray());
            File.WriteAllBytes(list + ".br", snapshot.ListBody(ContentEncoding.Brotli).Data.ToArray());
        }
        return key;
    }
}
