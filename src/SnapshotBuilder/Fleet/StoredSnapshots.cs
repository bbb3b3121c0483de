using System.Globalization;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;

namespace Layers.SnapshotBuilder.Fleet;

/// <summary>A snapshot blob in the store, as a listing shows it.</summary>
public sealed record StoredSnapshot(string Version, string Key, long Size, DateTimeOffset LastModified)
{
    /// <summary>When it was built: the time in its version name (<c>yyyyMMddTHHmmssZ-…</c>), else when the store got it.</summary>
    public DateTimeOffset BuiltAt =>
        Version.Length >= 16 && DateTimeOffset.TryParseExact(Version[..16], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at) ? at : LastModified;
}

/// <summary>A snapshot read back from the store and verified end to end (<see cref="SnapshotReader"/>'s checks).</summary>
public sealed record LoadedSnapshot(string Version, byte[] Blob, DecodedSnapshot Decoded);

/// <summary>The snapshot blobs under <c>catalog/snapshots/</c>: what fleet commands list, check, diff, announce and prune.</summary>
public sealed class StoredSnapshots(IObjectStore store)
{
    public async Task<IReadOnlyList<StoredSnapshot>> ListAsync(CancellationToken cancellationToken)
    {
        var objects = await store.ListAsync(StoreKeys.SnapshotFolder, cancellationToken);
        return objects
            .Where(o => o.Key.EndsWith(StoreKeys.SnapshotSuffix, StringComparison.Ordinal) && !o.Key[StoreKeys.SnapshotFolder.Length..].Contains('/'))
            .Select(o => new StoredSnapshot(o.Key[StoreKeys.SnapshotFolder.Length..^StoreKeys.SnapshotSuffix.Length], o.Key, o.Size, o.LastModified))
            .OrderBy(s => s.BuiltAt).ThenBy(s => s.Version, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The blob of <paramref name="version"/>, verified; null when the store has none.</summary>
    /// <exception cref="SnapshotFormatException">The blob is there but corrupt, or holds another version.</exception>
    public async Task<LoadedSnapshot?> LoadAsync(string version, CancellationToken cancellationToken)
    {
        if (!StoreKeys.IsVersionName(version))
        {
            return null;
        }
        var read = await store.ReadAsync(StoreKeys.Snapshot(version), SnapshotFormat.DefaultMaxPayloadBytes, cancellationToken: cancellationToken);
        if (read.Status != ReadStatus.Found)
        {
            return null;
        }
        var decoded = SnapshotReader.Read(read.Content);
        if (decoded.Meta.Version != version)
        {
            throw new SnapshotFormatException(RefusalReasons.BadMeta, $"{StoreKeys.Snapshot(version)} holds version {decoded.Meta.Version}");
        }
        return new LoadedSnapshot(version, read.Content!, decoded);
    }
}
