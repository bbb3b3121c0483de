namespace Layers.Catalog.Snapshots;

/// <summary>
/// A blob or manifest that must not be served. <see cref="Reason"/> is a short stable token
/// (for logs and the refused-loads metric); the message says what exactly was wrong.
/// </summary>
public sealed class SnapshotFormatException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}

public static class RefusalReasons
{
    public const string Truncated = "truncated";
    public const string BadMagic = "bad_magic";
    public const string UnsupportedVersion = "unsupported_version";
    public const string TooLarge = "too_large";
    public const string CorruptCompression = "corrupt_compression";
    public const string ChecksumMismatch = "checksum_mismatch";
    public const string SizeMismatch = "size_mismatch";
    public const string BadSections = "bad_sections";
    public const string BadMeta = "bad_meta";
    public const string BadIndex = "bad_index";
    public const string BadBody = "bad_body";
    public const string BadManifest = "bad_manifest";
    public const string MissingBlob = "missing_blob";
}
