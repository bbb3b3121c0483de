namespace Layers.Catalog.Stores;

/// <summary>The store layout of docs/contract/store.md, in one place.</summary>
public static class StoreKeys
{
    public const string Manifest = "catalog/manifest.json";
    public const string KeyFile = "keys/keys.json";

    /// <summary>Where snapshot blobs live: <c>{SnapshotFolder}{version}{SnapshotSuffix}</c>.</summary>
    public const string SnapshotFolder = "catalog/snapshots/";

    public const string SnapshotSuffix = ".snap.zst";

    public static string Snapshot(string version) => $"{SnapshotFolder}{version}{SnapshotSuffix}";

    /// <summary>A snapshot version is one key segment of letters, digits, '-', '_' and '.' (at most 128): never a path.</summary>
    public static bool IsVersionName(string? version) =>
        version is { Length: > 0 and <= 128 } && version.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && version is not ("." or "..");

    /// <summary>Rejects keys that could escape a folder store or mean different things to S3 and a file system.</summary>
    public static void Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.StartsWith('/') || key.EndsWith('/') || key.Contains('\\')
            || key.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"invalid store key '{key}'", nameof(key));
        }
    }
}
