using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;

namespace Layers.SnapshotBuilder.Fleet;

/// <summary>
/// Rollback and release: the fleet levers, all through the manifest (every edge follows within one poll, none
/// is restarted). Each is a compare-and-swap re-tried on a fresh read, so racing a build or another operator,
/// exactly one manifest write wins and a hold, once written, is never lost: a build that read the manifest
/// before it fails its swap, and one that reads it after does not announce.
/// </summary>
public sealed class FleetAnnouncer(IObjectStore store, TimeProvider clock)
{
    private const int MaxAttempts = 20;
    private readonly SnapshotPublisher _publisher = new(store);
    private readonly StoredSnapshots _snapshots = new(store);

    /// <summary>Announces <paramref name="version"/> (checked: present, intact, decodable) with a hold. Returns the version it replaced.</summary>
    public async Task<string?> RollbackAsync(string version, string reason, CancellationToken cancellationToken)
    {
        var target = await LoadTargetAsync(version, cancellationToken);
        return await SwapAsync(target, current => ManifestOf(target) with
        {
            Hold = new ManifestHold(reason, clock.GetUtcNow(), version)
            {
                // The first rollback's source stays recorded across a second rollback: it is why the fleet is held.
                RolledBackFrom = current.Manifest?.Hold?.RolledBackFrom ?? current.Manifest?.Version,
            },
        }, cancellationToken);
    }

    /// <summary>
    /// Lifts the hold, keeping the announced version or announcing <paramref name="version"/> (checked as a rollback
    /// target is). Returns the hold that was lifted; null when there was none (nothing is written then).
    /// </summary>
    public async Task<ManifestHold?> ReleaseAsync(string? version, CancellationToken cancellationToken)
    {
        var target = version is null ? null : await LoadTargetAsync(version, cancellationToken);
        ManifestHold? lifted = null;
        await SwapAsync(target, current =>
        {
            lifted = current.Manifest?.Hold;
            if (lifted is null)
            {
                return null;
            }
            return target is null ? current.Manifest! with { Hold = null } : ManifestOf(target);
        }, cancellationToken);
        return lifted;
    }

    private async Task<LoadedSnapshot> LoadTargetAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            return await _snapshots.LoadAsync(version, cancellationToken)
                ?? throw new FleetOperationException($"no snapshot '{version}' in {store.Description} ('snapshots list' shows the versions there are); the manifest is untouched");
        }
        catch (SnapshotFormatException e)
        {
            throw new FleetOperationException($"snapshot '{version}' is unusable ({e.Reason}: {e.Message}); the manifest is untouched");
        }
    }

    /// <summary>
    /// Re-reads the manifest and swaps in what <paramref name="next"/> makes of it (null: leave it) until one swap wins.
    /// Returns the version it replaced. The announced <paramref name="target"/>'s blob is written back (create-only,
    /// the same bytes) once the swap has won, so a <c>prune</c> that deleted it between the check and the swap
    /// cannot leave the fleet told to load a missing blob.
    /// </summary>
    private async Task<string?> SwapAsync(LoadedSnapshot? target, Func<CurrentAnnouncement, Manifest?> next, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            var current = await _publisher.ReadCurrentAsync(cancellationToken);
            if (next(current) is not { } manifest)
            {
                return current.Manifest?.Version;
            }
            if (await _publisher.AnnounceAsync(manifest, current, cancellationToken))
            {
                if (target is not null)
                {
                    await _publisher.WriteBlobAsync(manifest.Blob, target.Blob, CancellationToken.None);
                }
                return current.Manifest?.Version;
            }
            if (attempt == MaxAttempts)
            {
                throw new FleetOperationException($"{StoreKeys.Manifest} kept changing under {MaxAttempts} attempts to swap it");
            }
            await Task.Delay(Random.Shared.Next(10, 50 * attempt), cancellationToken);
        }
    }

    private static Manifest ManifestOf(LoadedSnapshot snapshot) =>
        Manifest.Of(snapshot.Version, snapshot.Decoded.Meta.CreatedAt, snapshot.Blob, snapshot.Decoded.Meta.TrackCount,
            snapshot.Decoded.Meta.ResolvableCount, snapshot.Decoded.ComputeContentSha256());
}

/// <summary>A fleet command refused or could not complete; the message says why and what was left as it was (exit 1).</summary>
public sealed class FleetOperationException(string message) : IOException(message);
