using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;

namespace Layers.SnapshotBuilder.Fleet;

/// <summary>A snapshot <c>prune</c> keeps, and why.</summary>
public sealed record KeptSnapshot(StoredSnapshot Snapshot, string Why);

public sealed record PruneResult(IReadOnlyList<StoredSnapshot> Deleted, IReadOnlyList<KeptSnapshot> Kept);

/// <summary>
/// <c>prune</c>: deletes snapshot blobs built more than the given age ago, never one the manifest names (the
/// announced version, the hold's version, the version a rollback replaced), and never anything but a blob under
/// <c>catalog/snapshots/</c>: media and the manifest are not its business. The manifest is read again before and
/// after each delete, so a rollback to an old version announced while prune runs keeps that version (restored if
/// it landed mid-delete); an unreadable manifest stops prune, since it can no longer tell what an edge may load.
/// </summary>
public sealed class SnapshotPruner(IObjectStore store, TimeProvider clock)
{
    public async Task<PruneResult> PruneAsync(TimeSpan keep, bool dryRun, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - keep;
        var deleted = new List<StoredSnapshot>();
        var kept = new List<KeptSnapshot>();
        foreach (var snapshot in await new StoredSnapshots(store).ListAsync(cancellationToken))
        {
            if (snapshot.BuiltAt >= cutoff)
            {
                kept.Add(new KeptSnapshot(snapshot, "younger than the cut-off"));
                continue;
            }
            if ((await ReadManifestAsync(cancellationToken)).RoleOf(snapshot.Version) is { } why)
            {
                kept.Add(new KeptSnapshot(snapshot, why));
                continue;
            }
            if (!dryRun && !await DeleteUnlessAnnouncedMeanwhileAsync(snapshot, cancellationToken))
            {
                kept.Add(new KeptSnapshot(snapshot, "announced while prune ran (restored)"));
                continue;
            }
            deleted.Add(snapshot);
        }
        return new PruneResult(deleted, kept);
    }

    /// <summary>
    /// Deletes the blob; if the manifest names it afterwards (a rollback landed between the check and the delete),
    /// writes it back, so no edge is left told to load a missing blob for longer than one refused poll.
    /// </summary>
    private async Task<bool> DeleteUnlessAnnouncedMeanwhileAsync(StoredSnapshot snapshot, CancellationToken cancellationToken)
    {
        var copy = await store.ReadAsync(snapshot.Key, SnapshotFormat.DefaultMaxPayloadBytes, cancellationToken: cancellationToken);
        await store.DeleteAsync(snapshot.Key, cancellationToken);
        if (copy.Status != ReadStatus.Found)
        {
            return true;
        }
        // Past the delete nothing is cancelled: a stop or a failed re-read must not leave an announced blob deleted.
        try
        {
            if ((await ReadManifestAsync(CancellationToken.None)).RoleOf(snapshot.Version) is null)
            {
                return true;
            }
        }
        catch
        {
            await store.TryPutAsync(snapshot.Key, copy.Content, Precondition.Absent, ObjectHeaders.Snapshot, CancellationToken.None);
            throw;
        }
        await store.TryPutAsync(snapshot.Key, copy.Content, Precondition.Absent, ObjectHeaders.Snapshot, CancellationToken.None);
        return false;
    }

    private async Task<Manifest?> ReadManifestAsync(CancellationToken cancellationToken)
    {
        var current = await new SnapshotPublisher(store).ReadCurrentAsync(cancellationToken);
        if (current.Problem is not null)
        {
            throw new FleetOperationException($"{StoreKeys.Manifest} is unreadable ({current.Problem}); prune deletes nothing while it cannot tell what is announced");
        }
        return current.Manifest;
    }
}
