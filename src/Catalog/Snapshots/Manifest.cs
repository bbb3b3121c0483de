namespace Layers.Catalog.Snapshots;

/// <summary>
/// catalog/manifest.json (docs/contract/store.md): the announcement of the current snapshot. Replaced only by
/// compare-and-swap. Fields beyond the contract's are additive and optional.
/// </summary>
public sealed record Manifest(
    int FormatVersion,
    string Version,
    string Blob,
    string Sha256,
    long Size,
    int TrackCount,
    DateTimeOffset CreatedAt)
{
    public const int CurrentFormatVersion = 1;

    /// <summary>The announcement of a snapshot, from the facts its writer (a build) or reader (a rollback) knows.</summary>
    public static Manifest Of(string version, DateTimeOffset createdAt, byte[] blob, int trackCount, int resolvableCount, string contentSha256) =>
        new(CurrentFormatVersion, version, Stores.StoreKeys.Snapshot(version), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(blob)),
            blob.Length, trackCount, createdAt)
        {
            ResolvableCount = resolvableCount,
            ContentSha256 = contentSha256,
        };

    /// <summary>Tracks resolvable by id: the trending ones plus those kept for scheduled posts.</summary>
    public int? ResolvableCount { get; init; }

    /// <summary>SHA-256 over the bodies alone: equal for two builds that would serve the same bytes.</summary>
    public string? ContentSha256 { get; init; }

    /// <summary>Set by <c>rollback</c>: while present, builds write their blobs but never announce them.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ManifestHold? Hold { get; init; }
}

/// <summary>
/// The manifest's <c>hold</c>: the announced version pinned fleet-wide by a rollback. <see cref="HeldVersion"/> is the
/// pinned version (the manifest's own); <see cref="RolledBackFrom"/>, the version the rollback replaced, is kept by
/// <c>prune</c> so the bad build stays in the store for diagnosis.
/// </summary>
public sealed record ManifestHold(string Reason, DateTimeOffset Since, string HeldVersion)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? RolledBackFrom { get; init; }
}

/// <summary>The manifest as read from the store, with the ETag to compare-and-swap against.</summary>
public sealed record AnnouncedManifest(Manifest Manifest, string ETag);

public static class ManifestJson
{
    public const long MaxBytes = 64 * 1024;

    public static byte[] Serialize(Manifest manifest) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(manifest, Json.CatalogJsonContext.Default.Manifest);

    /// <summary>Parses and checks a manifest; anything unusable is a <see cref="SnapshotFormatException"/> (bad_manifest).</summary>
    public static Manifest Parse(ReadOnlySpan<byte> json)
    {
        Manifest? manifest;
        try
        {
            manifest = System.Text.Json.JsonSerializer.Deserialize(json, Json.CatalogJsonContext.Default.Manifest);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new SnapshotFormatException(RefusalReasons.BadManifest, $"manifest is not valid JSON: {e.Message}");
        }
        string? problem = manifest switch
        {
            null => "manifest is null",
            { FormatVersion: not Manifest.CurrentFormatVersion } => $"manifest formatVersion {manifest.FormatVersion} is not {Manifest.CurrentFormatVersion}",
            { Version: null or "" } => "manifest has no version",
            _ when !Stores.StoreKeys.IsVersionName(manifest.Version) => "manifest version is not letters, digits, '-', '_' and '.'",
            _ when manifest.Blob != Stores.StoreKeys.Snapshot(manifest.Version) => $"manifest blob '{manifest.Blob}' is not {Stores.StoreKeys.Snapshot(manifest.Version)}",
            { Sha256: null } => "manifest has no sha256",
            _ when manifest.Sha256.Length != 64 || !manifest.Sha256.All(char.IsAsciiHexDigitLower) => "manifest sha256 is not 64 lower-case hex digits",
            { Size: <= 0 } => "manifest size is not positive",
            { TrackCount: < 0 } => "manifest trackCount is negative",
            { Hold: { } hold } when string.IsNullOrEmpty(hold.HeldVersion) || hold.Reason is null => "manifest hold has no heldVersion or reason",
            _ => null,
        };
        if (problem is not null)
        {
            throw new SnapshotFormatException(RefusalReasons.BadManifest, problem);
        }
        return manifest!;
    }
}
