using System.Security.Cryptography;
using Layers.Catalog.Stores;

namespace Layers.Catalog.Snapshots;

/// <summary>
/// The consumer's side of the store (Hollow's retriever): conditional reads of the manifest, and the
/// announced blob checked against the manifest's size and SHA-256 before anyone decodes it.
/// </summary>
public sealed class SnapshotRetriever(IObjectStore store)
{
    /// <summary>The manifest, or null when it is unchanged since <paramref name="ifNoneMatch"/>.</summary>
    /// <exception cref="SnapshotFormatException">No manifest, or one that is not usable.</exception>
    public async Task<AnnouncedManifest?> ReadManifestAsync(string? ifNoneMatch, CancellationToken cancellationToken = default)
    {
        var read = await store.ReadAsync(StoreKeys.Manifest, ManifestJson.MaxBytes, ifNoneMatch, cancellationToken);
        return read.Status switch
        {
            ReadStatus.NotModified => null,
            ReadStatus.NotFound => throw new SnapshotFormatException(RefusalReasons.BadManifest, $"no {StoreKeys.Manifest} in {store.Description}"),
            _ => new AnnouncedManifest(ManifestJson.Parse(read.Content!), read.ETag!),
        };
    }

    /// <summary>Reads the blob the manifest names, of exactly the announced size and hash.</summary>
    public async Task<byte[]> ReadBlobAsync(Manifest manifest, long maxBlobBytes, CancellationToken cancellationToken = default)
    {
        if (manifest.Size > maxBlobBytes)
        {
            throw new SnapshotFormatException(RefusalReasons.TooLarge, $"blob of {manifest.Size} bytes exceeds the cap of {maxBlobBytes}");
        }
        ObjectRead read;
        try
        {
            read = await store.ReadAsync(manifest.Blob, manifest.Size, cancellationToken: cancellationToken);
        }
        catch (ObjectTooLargeException)
        {
            throw new SnapshotFormatException(RefusalReasons.SizeMismatch, $"{manifest.Blob} is larger than the {manifest.Size} bytes announced");
        }
        if (read.Status != ReadStatus.Found)
        {
            throw new SnapshotFormatException(RefusalReasons.MissingBlob, $"the manifest names {manifest.Blob}, which is not in the store");
        }
        byte[] blob = read.Content!;
        if (blob.Length != manifest.Size)
        {
            throw new SnapshotFormatException(RefusalReasons.SizeMismatch, $"{manifest.Blob} is {blob.Length} bytes; the manifest announces {manifest.Size}");
        }
        if (Convert.ToHexStringLower(SHA256.HashData(blob)) != manifest.Sha256)
        {
            throw new SnapshotFormatException(RefusalReasons.ChecksumMismatch, $"{manifest.Blob} does not match the manifest's sha256");
        }
        return blob;
    }
}
