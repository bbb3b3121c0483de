using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ZstdSharp;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// docs/contract/edge.md against the AOT binary: new snapshots are swapped in; every kind of bad snapshot is refused,
/// counted by reason, and the node keeps serving what it had, stays ready, and retries.
/// </summary>
public class SnapshotRefreshTests
{
    [Fact]
    public async Task A_new_snapshot_is_swapped_in_within_a_poll()
    {
        using var setup = await new EdgeWithStore().StartAsync();
        var before = await setup.GetAsync();
        var v2 = TestStore.Write("v2", 35, seed: 2);
        await setup.Store.AnnounceAsync("v2", v2);

        await setup.Edge.WaitUntilAsync(async () => await setup.ServedVersionAsync() == "v2", TimeSpan.FromSeconds(10));
        var after = await setup.GetAsync();
        Assert.Equal(SnapshotReader.Read(v2.Blob).ListBody(ContentEncoding.Identity).Data.ToArray(), after.Body);
        Assert.NotEqual(before.ETag, after.ETag);
        Assert.Equal(2, await setup.Edge.MetricAsync("layers_snapshot_swaps_total"));
        Assert.Equal(35, await setup.Edge.MetricAsync("layers_snapshot_tracks"));
        Assert.Equal(1, await setup.Edge.MetricAsync("layers_snapshot_info{version=\"v2\"}"));
        Assert.True(await setup.Edge.MetricAsync("layers_process_allocated_bytes_total") > 0);
    }

    [Fact]
    public async Task The_previous_snapshots_memory_is_returned_after_a_swap()
    {
        // Serving allocates nearly nothing, so no GC would ever come to collect the old snapshot on its own.
        using var setup = await new EdgeWithStore().StartAsync(tracks: 4000);
        // The heap of the large snapshot alone, once the compaction after its swap has taken its load's garbage.
        await setup.Edge.Process.WaitForLineAsync(new Regex("heap compacted after a swap"), TimeSpan.FromSeconds(30));
        double withLarge = await setup.Edge.MetricAsync("layers_process_gc_heap_bytes");
        Assert.True(await setup.Edge.MetricAsync("layers_process_resident_memory_bytes") > withLarge);

        await setup.Store.AnnounceAsync("v2", TestStore.Write("v2", 30, seed: 2));
        await setup.Edge.WaitUntilAsync(async () => await setup.ServedVersionAsync() == "v2", TimeSpan.FromSeconds(10));

        await setup.Edge.WaitUntilAsync(async () => await setup.Edge.MetricAsync("layers_process_gc_heap_bytes") < withLarge / 2, TimeSpan.FromSeconds(30),
            "the heap to shrink to less than half the large snapshot's");
    }

    [Fact]
    public async Task The_garbage_of_new_connections_is_collected_within_the_edges_small_gen0_budget()
    {
        // Requests allocate nothing; each new connection leaves ~10 KB of garbage. Under the GC's default budget
        // (16-20 MiB between collections here) it piled up for minutes before a collection, and RSS rose by as much.
        const long Budget = 4 << 20;
        using var setup = await new EdgeWithStore().StartAsync();
        Assert.Equal(Budget, await setup.Edge.MetricAsync("layers_process_gc_gen0_max_budget_bytes"));
        double collections = await setup.Edge.MetricAsync("layers_process_gc_collections_total{generation=\"0\"}");
        double heap = await setup.Edge.MetricAsync("layers_process_gc_heap_bytes");

        byte[] request = Encoding.ASCII.GetBytes($"GET /v1/tiktok-music HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {setup.Key}\r\n\r\n");
        byte[] response = new byte[64 * 1024];
        for (int i = 0; i < 1500; i++) // ~15 MB of garbage: several collections at 4 MiB, fewer than two under the default
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, setup.Edge.BaseAddress.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(request);
            int read = await stream.ReadAsync(response);
            Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(response, 0, Math.Min(read, 12)));
        }

        Assert.True(await setup.Edge.MetricAsync("layers_process_gc_collections_total{generation=\"0\"}") >= collections + 2);
        Assert.True(await setup.Edge.MetricAsync("layers_process_gc_heap_bytes") < heap + Budget + (1 << 20));

        // An operator can still set it, as for any .NET process.
        var overridden = await setup.StartAnotherEdgeAsync(new Dictionary<string, string?> { ["DOTNET_GCGen0MaxBudget"] = "200000" });
        Assert.Equal(2 << 20, await overridden.MetricAsync("layers_process_gc_gen0_max_budget_bytes"));
    }

    [Fact]
    public async Task Each_snapshots_body_file_is_closed_as_soon_as_it_is_swapped_out()
    {
        // Large bodies are also kept in an in-memory file for sendfile. A node swaps twice a day for months, and
        // the file's pages are not on the GC heap: the swap itself must close the one it replaces, not a later GC
        // (the compaction comes CatalogWatcher.CompactionDelay = 2 s after the swap).
        using var setup = await new EdgeWithStore().StartAsync(tracks: 400);
        Assert.Equal(1, BodyFiles(setup.Edge));
        foreach (int seed in new[] { 2, 3, 4 })
        {
            var snapshot = TestStore.Write($"v{seed}", 400 + seed * 10, seed);
            await setup.Store.AnnounceAsync($"v{seed}", snapshot);
            await setup.Edge.WaitUntilAsync(async () => await setup.ServedVersionAsync() == $"v{seed}", TimeSpan.FromSeconds(10));
            await setup.Edge.WaitUntilAsync(() => Task.FromResult(BodyFiles(setup.Edge) == 1), TimeSpan.FromSeconds(1));

            var decoded = SnapshotReader.Read(snapshot.Blob);
            long large = Enum.GetValues<ContentEncoding>().Select(e => decoded.ListBody(e).Data.Length).Where(n => n >= Serving.BodyFile.MinBodyBytes).Sum();
            Assert.True(large > 0);
            Assert.Equal(large, await setup.Edge.MetricAsync("layers_snapshot_body_file_bytes"));
        }
        Assert.Equal(HttpStatusCode.OK, (await setup.GetAsync()).Status);
    }

    private static int BodyFiles(EdgeServer edge) => edge.OpenFiles("/memfd:layers-bodies");

    public static TheoryData<string, string> BadSnapshots => new()
    {
        { "sha256_mismatch", RefusalReasons.ChecksumMismatch },
        { "truncated_blob", RefusalReasons.SizeMismatch },
        { "corrupt_zstd", RefusalReasons.CorruptCompression },
        { "zstd_bomb", RefusalReasons.TooLarge },
        { "unknown_format_version", RefusalReasons.UnsupportedVersion },
        { "bad_inner_data", RefusalReasons.BadBody },
        { "missing_blob", RefusalReasons.MissingBlob },
        { "manifest_not_json", RefusalReasons.BadManifest },
    };

    [Theory]
    [MemberData(nameof(BadSnapshots))]
    public async Task A_bad_snapshot_is_refused_counted_and_retried_while_the_old_one_is_served(string defect, string reason)
    {
        using var setup = await new EdgeWithStore().StartAsync();
        var served = await setup.GetAsync();
        var good = TestStore.Write("v2", 30, seed: 2);

        switch (defect)
        {
            case "sha256_mismatch":
                await setup.Store.AnnounceBlobAsync("v2", good.Blob, good.TrackCount, m => m with { Sha256 = Convert.ToHexStringLower(SHA256.HashData("other"u8)) });
                break;
            case "truncated_blob":
                await setup.Store.AnnounceBlobAsync("v2", good.Blob[..(good.Blob.Length / 2)], good.TrackCount,
                    m => m with { Size = good.Blob.Length, Sha256 = good.BlobSha256 });
                break;
            case "corrupt_zstd":
                byte[] corrupt = (byte[])good.Blob.Clone();
                corrupt[SnapshotFormat.HeaderSize + 20] ^= 0xFF;
                corrupt[SnapshotFormat.HeaderSize + 21] ^= 0xFF;
                await setup.Store.AnnounceBlobAsync("v2", corrupt, good.TrackCount);
                break;
            case "zstd_bomb":
                byte[] frame = new Compressor(1).Wrap(new byte[128 * 1024 * 1024]).ToArray();
                byte[] bomb = [.. good.Blob.AsSpan(0, SnapshotFormat.HeaderSize), .. frame];
                BinaryPrimitives.WriteUInt64LittleEndian(bomb.AsSpan(16), 4096);
                await setup.Store.AnnounceBlobAsync("v2", bomb, good.TrackCount);
                break;
            case "unknown_format_version":
                byte[] future = (byte[])good.Blob.Clone();
                BinaryPrimitives.WriteUInt32LittleEndian(future.AsSpan(8), 99);
                await setup.Store.AnnounceBlobAsync("v2", future, good.TrackCount);
                break;
            case "bad_inner_data":
                // Every hash is right, but the list body is not JSON any more.
                byte[] inner = TestStore.Rewrite(good.Blob, (payload, find) =>
                {
                    var (offset, _) = find(SectionKind.ListBody, ContentEncoding.Identity);
                    payload[offset] = (byte)'x';
                });
                await setup.Store.AnnounceBlobAsync("v2", inner, good.TrackCount);
                break;
            case "missing_blob":
                var manifest = new Manifest(1, "v9", StoreKeys.Snapshot("v9"), good.BlobSha256, good.Blob.Length, good.TrackCount, DateTimeOffset.UtcNow);
                await setup.Store.ReplaceManifestAsync(ManifestJson.Serialize(manifest));
                break;
            case "manifest_not_json":
                await setup.Store.ReplaceManifestAsync("{ this is not json"u8.ToArray());
                break;
        }

        string series = $"layers_snapshot_refused_total{{reason=\"{reason}\"}}";
        await setup.Edge.WaitUntilAsync(async () => await setup.Edge.MetricAsync(series) >= 2, TimeSpan.FromSeconds(15)); // refused, then retried
        var during = await setup.GetAsync();
        Assert.Equal((HttpStatusCode.OK, served.ETag), (during.Status, during.ETag));
        Assert.Equal(served.Body, during.Body);
        Assert.Equal(HttpStatusCode.OK, (await setup.Edge.Client.GetAsync("/readyz")).StatusCode);
        Assert.Contains($"snapshot refused ({reason})", setup.Edge.Output);

        // The store is fixed: the next good snapshot is picked up.
        await setup.Store.AnnounceAsync("v3", TestStore.Write("v3", 31, seed: 3));
        await setup.Edge.WaitUntilAsync(async () => await setup.ServedVersionAsync() == "v3", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_pinned_node_holds_its_version_whatever_the_manifest_says()
    {
        using var setup = new EdgeWithStore();
        await setup.Store.AnnounceAsync("v0", TestStore.Write("v0", 20, seed: 0));
        await setup.StartAsync("v1", environment: new Dictionary<string, string?> { ["LAYERS_PIN_VERSION"] = "v0" });
        Assert.Equal("v0", await setup.ServedVersionAsync());

        await setup.Store.AnnounceAsync("v2", TestStore.Write("v2", 22, seed: 2));
        // Two more finished polls: at least one of them began after v2 was announced.
        double polls = await setup.Edge.MetricAsync("layers_snapshot_polls_total");
        await setup.Edge.WaitUntilAsync(async () => await setup.Edge.MetricAsync("layers_snapshot_polls_total") >= polls + 2, TimeSpan.FromSeconds(15));
        Assert.Equal("v0", await setup.ServedVersionAsync());
        Assert.Equal(20, await setup.Edge.MetricAsync("layers_snapshot_tracks"));
    }

    [Fact]
    public async Task Pinning_a_version_that_does_not_exist_is_never_ready()
    {
        using var setup = await new EdgeWithStore().StartAsync(environment: new Dictionary<string, string?> { ["LAYERS_PIN_VERSION"] = "v404" }, waitUntilReady: false);
        var edge = setup.Edge;
        await edge.WaitUntilAsync(async () => await edge.MetricAsync("layers_snapshot_refused_total{reason=\"missing_blob\"}") >= 1, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await edge.Client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Retained_tracks_resolve_by_id_as_not_trending_and_stay_out_of_the_list()
    {
        using var setup = new EdgeWithStore();
        var tracks = TestStore.Tracks(10, seed: 5, retained: 2);
        await setup.StartWithAsync(tracks);
        var retained = tracks.Last(t => !t.Trending);

        using var response = await setup.Edge.Client.SendAsync(setup.Request(path: $"/v1/tiktok-music/{retained.Id}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(Encoding.UTF8.GetString(Layers.Catalog.Tracks.TrackJson.DetailBody(retained)), body);
        Assert.EndsWith(",\"trending\":false}", body);

        string listBody = System.Text.Encoding.UTF8.GetString((await setup.GetAsync()).Body);
        Assert.DoesNotContain(retained.Id, listBody);
        Assert.Contains("\"total\":10}", listBody);
    }
}
