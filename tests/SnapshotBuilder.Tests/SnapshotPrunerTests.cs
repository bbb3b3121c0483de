using Layers.SnapshotBuilder.Fleet;

namespace Layers.SnapshotBuilder.Tests;

public sealed class SnapshotPrunerTests
{
    /// <summary>A rollback that names a version in the instant prune deletes it: prune writes the blob back.</summary>
    [Fact]
    public async Task A_rollback_landing_mid_delete_gets_its_blob_back()
    {
        using var dir = new TempDirectory();
        using var inner = new FileObjectStore(dir.Combine("store"), create: true);
        var store = new TestStore(inner);
        string old = $"{DateTimeOffset.UtcNow.AddDays(-50):yyyyMMdd'T'HHmmss'Z'}-aaaaaaaa";
        await store.AnnounceAsync(old, TestStore.Write(old, 5, seed: 1));
        await store.AnnounceAsync("current", TestStore.Write("current", 5, seed: 2));
        var racing = new RollbackOnDelete(inner);

        var result = await new SnapshotPruner(racing, TimeProvider.System).PruneAsync(TimeSpan.FromDays(30), dryRun: false, CancellationToken.None);

        Assert.True(racing.RolledBack);
        Assert.Empty(result.Deleted);
        Assert.Contains(result.Kept, k => k.Snapshot.Version == old && k.Why.Contains("restored"));
        var manifest = (await new SnapshotPublisher(inner).ReadCurrentAsync()).Manifest!;
        Assert.Equal(old, manifest.Version);
        Assert.Equal(old, SnapshotReader.Read(await new SnapshotRetriever(inner).ReadBlobAsync(manifest, 1 << 30)).Meta.Version);
    }

    /// <summary>A prune deleting the rollback target between the rollback's check and its swap: the blob is written back after the swap.</summary>
    [Fact]
    public async Task A_rollback_whose_target_is_pruned_before_its_swap_writes_the_blob_back()
    {
        using var dir = new TempDirectory();
        using var inner = new FileObjectStore(dir.Combine("store"), create: true);
        var store = new TestStore(inner);
        await store.AnnounceAsync("old", TestStore.Write("old", 5, seed: 1));
        await store.AnnounceAsync("current", TestStore.Write("current", 5, seed: 2));

        await new FleetAnnouncer(new PruneBeforeAnnounce(inner, StoreKeys.Snapshot("old")), TimeProvider.System).RollbackAsync("old", "race", CancellationToken.None);

        var manifest = (await new SnapshotPublisher(inner).ReadCurrentAsync()).Manifest!;
        Assert.Equal("old", manifest.Version);
        Assert.Equal("old", SnapshotReader.Read(await new SnapshotRetriever(inner).ReadBlobAsync(manifest, 1 << 30)).Meta.Version);
    }

    /// <summary>The store as a rollback sees it, with a prune deleting <paramref name="victim"/> just before the manifest swap lands.</summary>
    private sealed class PruneBeforeAnnounce(IObjectStore inner, string victim) : IObjectStore
    {
        public string Description => inner.Description;

        public Task<ObjectRead> ReadAsync(string key, long maxBytes, string? ifNoneMatch = null, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(key, maxBytes, ifNoneMatch, cancellationToken);

        public async Task<bool> TryPutAsync(string key, ReadOnlyMemory<byte> content, Precondition precondition, ObjectHeaders headers, CancellationToken cancellationToken = default)
        {
            if (key == StoreKeys.Manifest)
            {
                await inner.DeleteAsync(victim, cancellationToken);
            }
            return await inner.TryPutAsync(key, content, precondition, headers, cancellationToken);
        }

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

        public Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public void Dispose()
        {
        }
    }

    /// <summary>The store as prune sees it, with an operator's rollback to the blob being deleted landing just before the delete.</summary>
    private sealed class RollbackOnDelete(IObjectStore inner) : IObjectStore
    {
        public bool RolledBack { get; private set; }

        public string Description => inner.Description;

        public Task<ObjectRead> ReadAsync(string key, long maxBytes, string? ifNoneMatch = null, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(key, maxBytes, ifNoneMatch, cancellationToken);

        public Task<bool> TryPutAsync(string key, ReadOnlyMemory<byte> content, Precondition precondition, ObjectHeaders headers, CancellationToken cancellationToken = default) =>
            inner.TryPutAsync(key, content, precondition, headers, cancellationToken);

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

        public Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
        {
            string version = key["catalog/snapshots/".Length..^".snap.zst".Length];
            await new FleetAnnouncer(inner, TimeProvider.System).RollbackAsync(version, "racing prune", cancellationToken);
            RolledBack = true;
            await inner.DeleteAsync(key, cancellationToken);
        }

        public void Dispose()
        {
        }
    }
}
