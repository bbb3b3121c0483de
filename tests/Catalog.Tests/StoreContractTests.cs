using System.Security.Cryptography;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.TestSupport;

namespace Layers.Catalog.Tests;

/// <summary>One contract, run against every store implementation: what the builder and edge rely on.</summary>
public abstract class StoreContractTests : IDisposable
{
    private readonly IObjectStore _store;
    private readonly IDisposable? _owned;

    protected StoreContractTests(IObjectStore store, IDisposable? owned = null)
    {
        _store = store;
        _owned = owned;
    }

    public void Dispose()
    {
        _store.Dispose();
        _owned?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Missing_object_reads_as_not_found()
    {
        Assert.Equal(ReadStatus.NotFound, (await _store.ReadAsync("nothing/here.json", 100)).Status);
        Assert.False(await _store.ExistsAsync("nothing/here.json"));
    }

    [Fact]
    public async Task Binary_content_round_trips_exactly()
    {
        byte[] content = RandomNumberGenerator.GetBytes(300_000);
        Assert.True(await _store.TryPutAsync("bin/blob", content, Precondition.Absent, ObjectHeaders.Snapshot));
        var read = await _store.ReadAsync("bin/blob", content.Length);
        Assert.Equal(ReadStatus.Found, read.Status);
        Assert.Equal(content, read.Content);
        Assert.True(await _store.ExistsAsync("bin/blob"));
    }

    [Fact]
    public async Task Create_only_never_overwrites()
    {
        Assert.True(await _store.TryPutAsync("once.txt", "first"u8.ToArray(), Precondition.Absent, ObjectHeaders.Json));
        Assert.False(await _store.TryPutAsync("once.txt", "second"u8.ToArray(), Precondition.Absent, ObjectHeaders.Json));
        Assert.Equal("first"u8.ToArray(), (await _store.ReadAsync("once.txt", 100)).Content);
    }

    [Fact]
    public async Task Compare_and_swap_needs_the_current_etag()
    {
        await _store.TryPutAsync("cas.json", "v1"u8.ToArray(), Precondition.Absent, ObjectHeaders.Json);
        string etag1 = (await _store.ReadAsync("cas.json", 100)).ETag!;
        Assert.True(await _store.TryPutAsync("cas.json", "v2"u8.ToArray(), Precondition.Matches(etag1), ObjectHeaders.Json));
        Assert.False(await _store.TryPutAsync("cas.json", "v3"u8.ToArray(), Precondition.Matches(etag1), ObjectHeaders.Json));
        Assert.False(await _store.TryPutAsync("absent.json", "v1"u8.ToArray(), Precondition.Matches(etag1), ObjectHeaders.Json));
        Assert.Equal("v2"u8.ToArray(), (await _store.ReadAsync("cas.json", 100)).Content);
    }

    [Fact]
    public async Task Conditional_read_answers_not_modified_for_the_current_etag()
    {
        await _store.TryPutAsync("m.json", "{}"u8.ToArray(), Precondition.Absent, ObjectHeaders.Json);
        var first = await _store.ReadAsync("m.json", 100);
        Assert.Equal(ReadStatus.NotModified, (await _store.ReadAsync("m.json", 100, first.ETag)).Status);
        Assert.Equal(ReadStatus.Found, (await _store.ReadAsync("m.json", 100, "\"stale\"")).Status);
    }

    [Fact]
    public async Task Reads_over_the_cap_are_refused()
    {
        await _store.TryPutAsync("big", new byte[5000], Precondition.Absent, ObjectHeaders.Snapshot);
        await Assert.ThrowsAsync<ObjectTooLargeException>(() => _store.ReadAsync("big", 4999));
    }

    [Fact]
    public async Task Of_racing_swappers_exactly_one_wins()
    {
        await _store.TryPutAsync("race.json", "start"u8.ToArray(), Precondition.Absent, ObjectHeaders.Json);
        string etag = (await _store.ReadAsync("race.json", 100)).ETag!;
        var writers = Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => _store.TryPutAsync("race.json", System.Text.Encoding.UTF8.GetBytes($"writer {i}"), Precondition.Matches(etag), ObjectHeaders.Json)));
        bool[] won = await Task.WhenAll(writers);
        Assert.Single(won, true);
        int winner = Array.IndexOf(won, true);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes($"writer {winner}"), (await _store.ReadAsync("race.json", 100)).Content);
    }

    [Fact]
    public async Task Of_racing_creators_exactly_one_wins()
    {
        var writers = Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => _store.TryPutAsync("create-race", new[] { (byte)i }, Precondition.Absent, ObjectHeaders.Json)));
        Assert.Single(await Task.WhenAll(writers), true);
    }

    [Fact]
    public async Task Two_builders_racing_to_announce_never_both_win()
    {
        var publisherA = new SnapshotPublisher(_store);
        var publisherB = new SnapshotPublisher(_store);
        var basedOn = await publisherA.ReadCurrentAsync();
        var snapshotA = Build("va", 3);
        var snapshotB = Build("vb", 4);

        bool[] won = await Task.WhenAll(
            Task.Run(() => publisherA.PublishAsync(snapshotA.Written, snapshotA.Manifest, basedOn)),
            Task.Run(() => publisherB.PublishAsync(snapshotB.Written, snapshotB.Manifest, basedOn)));

        Assert.Single(won, true);
        var announced = await new SnapshotRetriever(_store).ReadManifestAsync(null);
        Assert.Equal(won[0] ? "va" : "vb", announced!.Manifest.Version);
        // The announced blob is complete and verifies; the loser's blob is orphaned, never announced.
        byte[] blob = await new SnapshotRetriever(_store).ReadBlobAsync(announced.Manifest, 1 << 20);
        Assert.Equal(announced.Manifest.Version, SnapshotReader.Read(blob).Meta.Version);
    }

    [Fact]
    public async Task Listing_shows_the_objects_under_a_prefix_in_key_order_with_their_sizes()
    {
        await _store.TryPutAsync("list/b.bin", new byte[20], Precondition.Absent, ObjectHeaders.Snapshot);
        await _store.TryPutAsync("list/a.bin", new byte[10], Precondition.Absent, ObjectHeaders.Snapshot);
        await _store.TryPutAsync("list/sub/c.bin", new byte[30], Precondition.Absent, ObjectHeaders.Snapshot);
        await _store.TryPutAsync("listed-not.bin", new byte[1], Precondition.Absent, ObjectHeaders.Snapshot);

        var listed = await _store.ListAsync("list/");

        Assert.Equal(["list/a.bin", "list/b.bin", "list/sub/c.bin"], listed.Select(o => o.Key));
        Assert.Equal([10L, 20L, 30L], listed.Select(o => o.Size));
        Assert.All(listed, o => Assert.InRange(o.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.Empty(await _store.ListAsync("nothing/"));
    }

    [Fact]
    public async Task Delete_removes_an_object_and_deleting_a_missing_one_is_not_an_error()
    {
        await _store.TryPutAsync("del/x", new byte[3], Precondition.Absent, ObjectHeaders.Snapshot);
        await _store.TryPutAsync("del/y", new byte[3], Precondition.Absent, ObjectHeaders.Snapshot);
        await _store.DeleteAsync("del/x");
        await _store.DeleteAsync("del/never-was");
        Assert.False(await _store.ExistsAsync("del/x"));
        Assert.Equal(ReadStatus.NotFound, (await _store.ReadAsync("del/x", 10)).Status);
        Assert.Equal(["del/y"], (await _store.ListAsync("del/")).Select(o => o.Key));
    }

    /// <summary>A store that does not exist is unreachable, never empty; reading it creates nothing.</summary>
    [Fact]
    public async Task A_store_that_does_not_exist_is_unreachable_not_empty()
    {
        using var missing = OpenMissingStore();
        await Assert.ThrowsAsync<StoreUnreachableException>(() => missing.ReadAsync(StoreKeys.Manifest, 100));
        await Assert.ThrowsAsync<StoreUnreachableException>(() => missing.ListAsync("catalog/"));
        await Assert.ThrowsAsync<StoreUnreachableException>(() => new SnapshotPublisher(missing).ReadCurrentAsync());
        await Assert.ThrowsAsync<StoreUnreachableException>(() => new Keys.KeyFileStore(missing).ReadAsync());
        AssertMissingStoreStillMissing();
    }

    protected abstract IObjectStore OpenMissingStore();

    protected virtual void AssertMissingStoreStillMissing()
    {
    }

    private static (WrittenSnapshot Written, Manifest Manifest) Build(string version, int tracks)
    {
        var written = SnapshotWriter.Write(version, DateTimeOffset.UnixEpoch, SampleTracks.Catalog(tracks));
        return (written, new Manifest(1, version, StoreKeys.Snapshot(version), written.BlobSha256, written.Blob.Length, written.TrackCount, DateTimeOffset.UnixEpoch));
    }
}

public sealed class FileStoreContractTests : StoreContractTests
{
    public FileStoreContractTests()
        : this(new TempDirectory())
    {
    }

    private FileStoreContractTests(TempDirectory folder)
        : base(new FileObjectStore(folder.Path), folder)
    {
        _folder = folder;
    }

    private readonly TempDirectory _folder;

    private string MissingRoot => _folder.Combine("not-there", "store");

    protected override IObjectStore OpenMissingStore() => ObjectStores.Open(MissingRoot);

    protected override void AssertMissingStoreStillMissing() => Assert.False(Directory.Exists(_folder.Combine("not-there")));

    [Fact]
    public async Task A_writer_creates_the_missing_root_on_first_use()
    {
        using var writer = ObjectStores.Open(MissingRoot, forWriting: true);
        Assert.Equal(ReadStatus.NotFound, (await writer.ReadAsync(StoreKeys.Manifest, 100)).Status);
        Assert.True(await writer.TryPutAsync("a/b", new byte[1], Precondition.Absent, ObjectHeaders.Json));
    }
}

public sealed class S3StoreContractTests(S3rverFixture s3) : StoreContractTests(s3.OpenStore(s3.NewStoreUri())), IClassFixture<S3rverFixture>
{
    protected override IObjectStore OpenMissingStore() => s3.OpenStore($"s3://no-such-bucket-{Guid.NewGuid():N}"[..40] + "/prefix");
}
