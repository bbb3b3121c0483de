using System.Collections.Concurrent;
using Layers.Catalog.Keys;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.Catalog.Tracks;

namespace Layers.SnapshotBuilder.Fleet;

/// <summary>One thing <c>verify</c> checked, and what it found.</summary>
public sealed record VerifyCheck(string Name, bool Ok, string Detail);

/// <summary>
/// <c>verify</c>: what an edge will load, checked the way an edge checks it, plus what the edge cannot see: the
/// announced (or given) blob against the manifest (size, SHA-256, decodes, same version and count), every
/// resolvable track's mirrored preview and cover present in the media store, and the key file readable.
/// </summary>
public sealed class StoreVerifier(IObjectStore store, IObjectStore mediaStore, int concurrency = 16)
{
    public async Task<IReadOnlyList<VerifyCheck>> VerifyAsync(string? version, CancellationToken cancellationToken)
    {
        var checks = new List<VerifyCheck>();
        var current = await new SnapshotPublisher(store).ReadCurrentAsync(cancellationToken);
        var manifest = current.Manifest;
        checks.Add(current switch
        {
            { Problem: { } problem } => new VerifyCheck("manifest", false, $"{StoreKeys.Manifest} is unreadable: {problem}"),
            { Manifest: null } => new VerifyCheck("manifest", version is not null, $"no {StoreKeys.Manifest}: nothing is announced"),
            _ => new VerifyCheck("manifest", true, $"announces {manifest!.Version} ({manifest.TrackCount} tracks, built {manifest.CreatedAt:O})"
                + (manifest.Hold is { } hold ? $"; held since {hold.Since:O}: {hold.Reason}" : "")),
        });

        var snapshot = await CheckSnapshotAsync(version ?? manifest?.Version, manifest, checks, cancellationToken);
        if (snapshot is not null)
        {
            checks.Add(await CheckMediaAsync(snapshot, cancellationToken));
        }
        checks.Add(await CheckKeysAsync(cancellationToken));
        return checks;
    }

    private async Task<DecodedSnapshot?> CheckSnapshotAsync(string? version, Manifest? manifest, List<VerifyCheck> checks, CancellationToken cancellationToken)
    {
        if (version is null)
        {
            return null;
        }
        try
        {
            if (manifest?.Version == version)
            {
                byte[] blob = await new SnapshotRetriever(store).ReadBlobAsync(manifest, SnapshotFormat.DefaultMaxPayloadBytes, cancellationToken);
                var decoded = SnapshotReader.Read(blob);
                bool agrees = decoded.Meta.Version == manifest.Version && decoded.Meta.TrackCount == manifest.TrackCount;
                checks.Add(new VerifyCheck("snapshot", agrees, agrees
                    ? $"{manifest.Blob}: {blob.Length} bytes, sha256 and every section check out; {decoded.Meta.TrackCount} tracks, {decoded.Meta.ResolvableCount} resolvable"
                    : $"{manifest.Blob} holds {decoded.Meta.Version} with {decoded.Meta.TrackCount} tracks; the manifest announces {manifest.Version} with {manifest.TrackCount}"));
                return decoded;
            }
            var loaded = await new StoredSnapshots(store).LoadAsync(version, cancellationToken);
            checks.Add(loaded is null
                ? new VerifyCheck("snapshot", false, $"no snapshot '{version}' in the store")
                : new VerifyCheck("snapshot", true, $"{StoreKeys.Snapshot(version)} (not announced): {loaded.Blob.Length} bytes, every section checks out; {loaded.Decoded.Meta.TrackCount} tracks"));
            return loaded?.Decoded;
        }
        catch (SnapshotFormatException e)
        {
            checks.Add(new VerifyCheck("snapshot", false, $"{StoreKeys.Snapshot(version)} is refused ({e.Reason}): {e.Message}"));
            return null;
        }
    }

    private async Task<VerifyCheck> CheckMediaAsync(DecodedSnapshot snapshot, CancellationToken cancellationToken)
    {
        var keys = snapshot.Tracks.SelectMany(t => new[] { MediaUrls.PreviewKey(t.Id.ToString()), MediaUrls.CoverKey(t.Id.ToString()) }).ToList();
        var missing = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (key, token) =>
        {
            if (!await mediaStore.ExistsAsync(key, token))
            {
                missing.Add(key);
            }
        });
        var sorted = missing.Order(StringComparer.Ordinal).ToList();
        return sorted.Count == 0
            ? new VerifyCheck("media", true, $"all {keys.Count} media objects of {snapshot.Tracks.Count} tracks are in {mediaStore.Description}")
            : new VerifyCheck("media", false, $"{sorted.Count} of {keys.Count} media objects are missing from {mediaStore.Description}: {string.Join(", ", sorted.Take(10))}{(sorted.Count > 10 ? ", …" : "")}");
    }

    private async Task<VerifyCheck> CheckKeysAsync(CancellationToken cancellationToken)
    {
        try
        {
            var keys = await new KeyFileStore(store).ReadAsync(cancellationToken: cancellationToken);
            return keys!.ETag is null
                ? new VerifyCheck("keys", false, $"no {StoreKeys.KeyFile}: every request would be refused ('keys create' makes one)")
                : new VerifyCheck("keys", true, $"{StoreKeys.KeyFile}: {keys.File.Keys.Count} keys, {keys.File.Keys.Count(k => !k.Revoked && (k.ExpiresAt is null || k.ExpiresAt > DateTimeOffset.UtcNow))} usable");
        }
        catch (FormatException e)
        {
            return new VerifyCheck("keys", false, e.Message);
        }
    }
}
