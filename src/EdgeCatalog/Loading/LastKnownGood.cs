using System.Text.Json;
using Layers.Catalog.Json;
using Layers.Catalog.Keys;
using Layers.Catalog.Snapshots;

namespace Layers.EdgeCatalog.Loading;

/// <summary>
/// The last verified snapshot blob and key set, on local disk, so a node that boots while the store is
/// unreachable can still serve. Files are replaced atomically (temp file, rename); what is read back is
/// verified again exactly as if it came from the store.
/// </summary>
internal sealed class LastKnownGood(string directory)
{
    private string BlobPath => Path.Combine(directory, "snapshot.snap.zst");
    private string KeysPath => Path.Combine(directory, "keys.json");
    private string KeysETagPath => Path.Combine(directory, "keys.etag");

    public string Directory => directory;

    public void SaveSnapshot(byte[] blob) => Write(BlobPath, blob);

    public void SaveKeys(KeyFile keys, string? etag)
    {
        Write(KeysPath, JsonSerializer.SerializeToUtf8Bytes(keys, CatalogJsonContext.Default.KeyFile));
        Write(KeysETagPath, System.Text.Encoding.UTF8.GetBytes(etag ?? ""));
    }

    /// <summary>The cached snapshot, verified; null when there is none.</summary>
    /// <exception cref="SnapshotFormatException">The cached copy is corrupt.</exception>
    public DecodedSnapshot? LoadSnapshot(long maxPayloadBytes) =>
        File.Exists(BlobPath) ? SnapshotReader.Read(File.ReadAllBytes(BlobPath), maxPayloadBytes) : null;

    /// <exception cref="FormatException">The cached key file is corrupt.</exception>
    public StoredKeyFile? LoadKeys()
    {
        if (!File.Exists(KeysPath))
        {
            return null;
        }
        string etag = File.Exists(KeysETagPath) ? File.ReadAllText(KeysETagPath) : "";
        return new StoredKeyFile(KeyFileStore.Parse(File.ReadAllBytes(KeysPath)), etag.Length > 0 ? etag : null);
    }

    private void Write(string path, byte[] content)
    {
        System.IO.Directory.CreateDirectory(directory);
        string temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temp, content);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
