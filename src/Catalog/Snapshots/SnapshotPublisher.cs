using Layers.Catalog.Stores;

namespace Layers.Catalog.Snapshots;

/// <summary>
/// The producer's side of the store (Hollow's publisher + announcer): the blob is written create-only,
/// then the manifest is swapped only if it is still the one the build started from. So a manifest never
/// points at a blob that is not fully written, and of two racing builders at most one announces.
/// </summary>
public sealed class SnapshotPublisher(IObjectStore store)
{
    /// <summary>
    /// What is announced now. An unreadable manifest is reported, not thrown: the next good build
    /// must still be able to replace it, and for that it needs its ETag.
    /// </summary>
    public async Task<CurrentAnnouncement> ReadCurrentAsync(CancellationToken cancellationToken = default)
    {
        var read = await store.ReadAsync(StoreKeys.Manifest, ManifestJson.MaxBytes, cancellationToken: cancellationToken);
        if (read.Status != ReadStatus.Found)
        {
            return CurrentAnnouncement.None;
        }
        try
        {
            return new CurrentAnnouncement(ManifestJson.Parse(read.Content!), read.ETag, null);
        }
        catch (SnapshotFormatException e)
        {
            return new CurrentAnnouncement(null, read.ETag, e.Message);
        }
    }

    /// <summary>
    /// Writes the blob, then announces it. Returns false when another writer changed the manifest since
    /// <paramref name="basedOn"/> was read: nothing is announced, and the orphaned blob is harmless.
    /// </summary>
    public async Task<bool> PublishAsync(WrittenSnapshot snapshot, Manifest manifest, CurrentAnnouncement basedOn, CancellationToken cancellationToken = default)
    {
        await WriteBlobAsync(manifest.Blob, snapshot.Blob, cancellationToken);
        return await AnnounceAsync(manifest, basedOn, cancellationToken);
    }

    /// <summary>Writes a blob create-only; a blob already there is fine only if it is this very blob (a retried publish).</summary>
    public async Task WriteBlobAsync(string key, byte[] blob, CancellationToken cancellationToken = default)
    {
        if (!await store.TryPutAsync(key, blob, Precondition.Absent, ObjectHeaders.Snapshot, cancellationToken))
        {
            var existing = await store.ReadAsync(key, blob.Length, cancellationToken: cancellationToken);
            if (existing.Status != ReadStatus.Found || !existing.Content.AsSpan().SequenceEqual(blob))
            {
                throw new InvalidOperationException($"'{key}' already exists with other content; snapshots are immutable");
            }
        }
    }

    /// <summary>Swaps the manifest to <paramref name="manifest"/> if it is still the one in <paramref name="basedOn"/>; false when another writer won.</summary>
    public async Task<bool> AnnounceAsync(Manifest manifest, CurrentAnnouncement basedOn, CancellationToken cancellationToken = default)
    {
        var precondition = basedOn.ETag is null ? Precondition.Absent : Precondition.Matches(basedOn.ETag);
        return await store.TryPutAsync(StoreKeys.Manifest, ManifestJson.Serialize(manifest), precondition, ObjectHeaders.Json, cancellationToken);
    }
}

/// <summary>
/// The manifest a build starts from: none (<see cref="ETag"/> null), a readable one, or an unreadable
/// one (<see cref="Manifest"/> null, <see cref="Problem"/> says why) that the build may replace.
/// </summary>
public sealed record CurrentAnnouncement(Manifest? Manifest, string? ETag, string? Problem)
{
    public static readonly CurrentAnnouncement None = new(null, null, null);
}
