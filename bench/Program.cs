using BenchmarkDotNet.Running;
using Layers.Bench;

if (args.Length > 0 && args[0] == "build-e2e")
{
    return await BuildEndToEnd.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
}
if (args.Length > 2 && args[0] == "make-store")
{
    // A folder store with an N-track snapshot and one publish:read key; prints the key.
    using var store = new Layers.Catalog.Stores.FileObjectStore(args[1]);
    var written = Layers.Catalog.Snapshots.SnapshotWriter.Write("bench", DateTimeOffset.UtcNow, BenchData.Tracks(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)));
    var manifest = new Layers.Catalog.Snapshots.Manifest(1, "bench", Layers.Catalog.Stores.StoreKeys.Snapshot("bench"), written.BlobSha256, written.Blob.Length, written.TrackCount, DateTimeOffset.UtcNow);
    await new Layers.Catalog.Snapshots.SnapshotPublisher(store).PublishAsync(written, manifest, Layers.Catalog.Snapshots.CurrentAnnouncement.None);
    string key = Layers.Catalog.Keys.ApiKeys.Generate();
    await new Layers.Catalog.Keys.KeyFileStore(store).UpdateAsync(_ => new([new("bench", Layers.Catalog.Keys.ApiKeys.Hash(key), [Layers.Catalog.Keys.Scopes.PublishRead], false, null)]));
    Console.WriteLine(key);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(LoudnessBenchmarks).Assembly).Run(args);
return 0;
