namespace Layers.Catalog.Snapshots;

/// <summary>
/// Snapshot blob format v1 — the normative description is docs/snapshot-format.md; keep the two in step.
/// All integers are little-endian.
/// <code>
/// blob    = header(56) zstd-frame(payload)
/// header  = magic "LMSNAP\r\n" | u32 formatVersion | u32 headerSize | u64 payloadLength | sha256(payload)[32]
/// payload = u32 sectionCount | section[sectionCount] | section data…
/// section = u16 kind | u16 encoding | u32 reserved(0) | u64 offset | u64 length | sha256(data)[32]
/// </code>
/// </summary>
public static class SnapshotFormat
{
    public const uint CurrentVersion = 1;

    /// <summary>"\r\n" in the magic catches a blob mangled by a text-mode copy, as PNG's does.</summary>
    public static ReadOnlySpan<byte> Magic => "LMSNAP\r\n"u8;

    public const int HeaderSize = 8 + 4 + 4 + 8 + 32;
    public const int SectionEntrySize = 2 + 2 + 4 + 8 + 8 + 32;
    public const int TrackIndexEntrySize = 16 + 4 + 4 + 4;

    public const uint TrackFlagTrending = 1;

    /// <summary>Default cap on a decompressed payload: far above 100k tracks (≈ 120 MB), far below memory.</summary>
    public const long DefaultMaxPayloadBytes = 512L * 1024 * 1024;
}

public enum SectionKind : ushort
{
    /// <summary>UTF-8 JSON <see cref="SnapshotMeta"/>.</summary>
    Meta = 1,

    /// <summary>The whole 200 body of GET /v1/tiktok-music, once per <see cref="ContentEncoding"/>.</summary>
    ListBody = 2,

    /// <summary>u32 count, then per resolvable track: id (16 bytes, RFC 9562 order) | u32 offset | u32 length | u32 flags.</summary>
    TrackIndex = 3,

    /// <summary>The detail bodies (GET /v1/tiktok-music/{id}) back to back; the index slices them.</summary>
    TrackBodies = 4,
}

/// <summary>HTTP content codings the list body is stored in. Values are part of the format.</summary>
public enum ContentEncoding : ushort
{
    Identity = 0,
    Gzip = 1,
    Brotli = 2,
    Zstd = 3,
}

/// <summary>The meta section: what the snapshot is, readable without parsing the bodies.</summary>
public sealed record SnapshotMeta(string Version, DateTimeOffset CreatedAt, int TrackCount, int ResolvableCount);
