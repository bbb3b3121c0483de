using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Layers.Catalog.Json;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Layers.Catalog.Snapshots;

/// <summary>A verified section: its bytes inside the payload and their SHA-256 (checked on read).</summary>
public readonly record struct Section(ReadOnlyMemory<byte> Data, ReadOnlyMemory<byte> Sha256);

/// <summary>One resolvable track: its detail body inside the payload.</summary>
public readonly record struct TrackEntry(Guid Id, bool Trending, ReadOnlyMemory<byte> DetailBody);

/// <summary>A snapshot that passed every check in <see cref="SnapshotReader"/>. Slices share one payload array.</summary>
public sealed class DecodedSnapshot(SnapshotMeta meta, Section[] listBodies, TrackEntry[] tracks, Section index, Section bodies)
{
    public SnapshotMeta Meta { get; } = meta;

    /// <summary>The list body in <paramref name="encoding"/>; every <see cref="ContentEncoding"/> is present.</summary>
    public Section ListBody(ContentEncoding encoding) => listBodies[(int)encoding];

    public IReadOnlyList<TrackEntry> Tracks { get; } = tracks;

    /// <summary>The manifest's <c>contentSha256</c> for this snapshot, as <see cref="SnapshotWriter"/> computes it: what a rollback announces.</summary>
    public string ComputeContentSha256() =>
        SnapshotWriter.ContentSha256(ListBody(ContentEncoding.Identity).Data.Span, index.Data.Span, bodies.Data.Span);
}

/// <summary>
/// Reads and verifies a v1 blob. Nothing in a blob is trusted: sizes are checked before anything is
/// allocated, decompression is bounded by the cap, every hash is checked, every offset is bounds-checked,
/// and the list body must parse and agree with the meta and the index. Any failure throws
/// <see cref="SnapshotFormatException"/> with a reason token.
/// </summary>
public static class SnapshotReader
{
    /// <summary>Zstd window limit: 2^27 (128 MiB) bounds the decoder's memory whatever the frame asks for.</summary>
    private const int MaxWindowLog = 27;

    public static DecodedSnapshot Read(ReadOnlySpan<byte> blob, long maxPayloadBytes = SnapshotFormat.DefaultMaxPayloadBytes)
    {
        byte[] payload = Decompress(blob, maxPayloadBytes);
        return Parse(payload);
    }

    private static byte[] Decompress(ReadOnlySpan<byte> blob, long maxPayloadBytes)
    {
        if (blob.Length < SnapshotFormat.HeaderSize)
        {
            throw Fail(RefusalReasons.Truncated, $"blob is {blob.Length} bytes, shorter than its {SnapshotFormat.HeaderSize}-byte header");
        }
        if (!blob[..8].SequenceEqual(SnapshotFormat.Magic))
        {
            throw Fail(RefusalReasons.BadMagic, "not a Layers snapshot (bad magic)");
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(blob[8..]);
        if (version != SnapshotFormat.CurrentVersion)
        {
            throw Fail(RefusalReasons.UnsupportedVersion, $"format version {version}; this reader understands {SnapshotFormat.CurrentVersion}");
        }
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(blob[12..]);
        if (headerSize != SnapshotFormat.HeaderSize)
        {
            throw Fail(RefusalReasons.BadSections, $"header size {headerSize}, expected {SnapshotFormat.HeaderSize}");
        }
        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(blob[16..]);
        if (declared > (ulong)Math.Min(maxPayloadBytes, Array.MaxLength))
        {
            throw Fail(RefusalReasons.TooLarge, $"payload declares {declared} bytes; the cap is {maxPayloadBytes}");
        }
        ReadOnlySpan<byte> expectedHash = blob[24..SnapshotFormat.HeaderSize];
        ReadOnlySpan<byte> frame = blob[SnapshotFormat.HeaderSize..];
        if (frame.IsEmpty)
        {
            throw Fail(RefusalReasons.Truncated, "blob ends after its header");
        }

        // The output buffer is exactly the declared size, so a frame that inflates past it (a zstd bomb,
        // or a header that lies) fails inside the decoder instead of allocating.
        byte[] payload = new byte[(int)declared];
        int written;
        try
        {
            using var decompressor = new Decompressor();
            decompressor.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, MaxWindowLog);
            written = decompressor.Unwrap(frame, payload);
        }
        catch (ZstdException e) when (e.Code == ZSTD_ErrorCode.ZSTD_error_dstSize_tooSmall)
        {
            throw Fail(RefusalReasons.TooLarge, $"payload inflates past its declared {declared} bytes");
        }
        catch (ZstdException e)
        {
            throw Fail(RefusalReasons.CorruptCompression, $"zstd frame is corrupt: {e.Message}");
        }
        if ((ulong)written != declared)
        {
            throw Fail(RefusalReasons.SizeMismatch, $"payload is {written} bytes; the header declares {declared}");
        }
        Span<byte> actualHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(payload, actualHash);
        if (!actualHash.SequenceEqual(expectedHash))
        {
            throw Fail(RefusalReasons.ChecksumMismatch, "payload SHA-256 does not match the header");
        }
        return payload;
    }

    private static DecodedSnapshot Parse(byte[] payload)
    {
        if (payload.Length < 4)
        {
            throw Fail(RefusalReasons.BadSections, "payload has no section table");
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        if (count > 1024 || 4 + (long)count * SnapshotFormat.SectionEntrySize > payload.Length)
        {
            throw Fail(RefusalReasons.BadSections, $"section table of {count} entries does not fit the payload");
        }

        SnapshotMeta? meta = null;
        var listBodies = new Section?[4];
        Section? index = null, bodies = null;
        for (int i = 0; i < count; i++)
        {
            var entry = payload.AsSpan(4 + i * SnapshotFormat.SectionEntrySize, SnapshotFormat.SectionEntrySize);
            var kind = (SectionKind)BinaryPrimitives.ReadUInt16LittleEndian(entry);
            var encoding = (ContentEncoding)BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]);
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]);
            if (offset > (ulong)payload.Length || length > (ulong)payload.Length - offset)
            {
                throw Fail(RefusalReasons.BadSections, $"section {i} ({kind}) lies outside the payload");
            }
            var data = new ReadOnlyMemory<byte>(payload, (int)offset, (int)length);
            var hash = new ReadOnlyMemory<byte>(payload, 4 + i * SnapshotFormat.SectionEntrySize + 24, SHA256.HashSizeInBytes);
            if (!SHA256.HashData(data.Span).AsSpan().SequenceEqual(hash.Span))
            {
                throw Fail(RefusalReasons.ChecksumMismatch, $"section {i} ({kind}) SHA-256 mismatch");
            }
            var section = new Section(data, hash);
            switch (kind)
            {
                case SectionKind.Meta when meta is null:
                    meta = ParseMeta(data.Span);
                    break;
                case SectionKind.ListBody when (ushort)encoding < listBodies.Length && listBodies[(int)encoding] is null:
                    listBodies[(int)encoding] = section;
                    break;
                case SectionKind.TrackIndex when index is null:
                    index = section;
                    break;
                case SectionKind.TrackBodies when bodies is null:
                    bodies = section;
                    break;
                case SectionKind.Meta or SectionKind.ListBody or SectionKind.TrackIndex or SectionKind.TrackBodies:
                    throw Fail(RefusalReasons.BadSections, $"section {i} repeats {kind} ({encoding})");
                default:
                    break; // Unknown kinds are skipped: v1 readers tolerate additive sections.
            }
        }

        if (meta is null || index is null || bodies is null || listBodies.Any(b => b is null))
        {
            throw Fail(RefusalReasons.BadSections, "a required section is missing");
        }
        var tracks = ParseIndex(index.Value.Data, bodies.Value.Data);
        int trending = tracks.Count(t => t.Trending);
        if (meta.TrackCount != trending || meta.ResolvableCount != tracks.Length)
        {
            throw Fail(RefusalReasons.BadIndex,
                $"meta says {meta.TrackCount} trending / {meta.ResolvableCount} resolvable; index has {trending} / {tracks.Length}");
        }
        int listed = CountListedTracks(listBodies[(int)ContentEncoding.Identity]!.Value.Data.Span);
        if (listed != meta.TrackCount)
        {
            throw Fail(RefusalReasons.BadBody, $"list body holds {listed} tracks; meta says {meta.TrackCount}");
        }
        return new DecodedSnapshot(meta, listBodies.Select(b => b!.Value).ToArray(), tracks, index.Value, bodies.Value);
    }

    private static SnapshotMeta ParseMeta(ReadOnlySpan<byte> json)
    {
        try
        {
            var meta = JsonSerializer.Deserialize(json, CatalogJsonContext.Default.SnapshotMeta);
            if (meta is null || string.IsNullOrWhiteSpace(meta.Version) || meta.TrackCount < 0 || meta.ResolvableCount < meta.TrackCount)
            {
                throw Fail(RefusalReasons.BadMeta, "meta section is incomplete");
            }
            return meta;
        }
        catch (JsonException e)
        {
            throw Fail(RefusalReasons.BadMeta, $"meta section is not valid JSON: {e.Message}");
        }
    }

    private static TrackEntry[] ParseIndex(ReadOnlyMemory<byte> index, ReadOnlyMemory<byte> bodies)
    {
        var span = index.Span;
        if (span.Length < 4)
        {
            throw Fail(RefusalReasons.BadIndex, "track index is empty");
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(span);
        if ((ulong)span.Length != 4 + (ulong)count * SnapshotFormat.TrackIndexEntrySize)
        {
            throw Fail(RefusalReasons.BadIndex, $"track index of {count} entries has the wrong length");
        }
        var tracks = new TrackEntry[count];
        var seen = new HashSet<Guid>((int)count);
        for (int i = 0; i < count; i++)
        {
            var entry = span.Slice(4 + i * SnapshotFormat.TrackIndexEntrySize, SnapshotFormat.TrackIndexEntrySize);
            var id = new Guid(entry[..16], bigEndian: true);
            uint offset = BinaryPrimitives.ReadUInt32LittleEndian(entry[16..]);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(entry[20..]);
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(entry[24..]);
            if (offset > bodies.Length || length > bodies.Length - offset || length == 0)
            {
                throw Fail(RefusalReasons.BadIndex, $"track {id} body lies outside its section");
            }
            if (!seen.Add(id))
            {
                throw Fail(RefusalReasons.BadIndex, $"track {id} appears twice");
            }
            tracks[i] = new TrackEntry(id, (flags & SnapshotFormat.TrackFlagTrending) != 0, bodies.Slice((int)offset, (int)length));
        }
        return tracks;
    }

    /// <summary>Walks the identity body with a validating reader; returns how many tracks its array holds.</summary>
    private static int CountListedTracks(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
            int tracks = 0;
            long? total = null;
            while (reader.Read())
            {
                if (reader.CurrentDepth == 2 && reader.TokenType == JsonTokenType.StartObject)
                {
                    tracks++;
                }
                else if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("total"u8))
                {
                    reader.Read();
                    total = reader.GetInt64();
                }
            }
            if (total != tracks)
            {
                throw Fail(RefusalReasons.BadBody, $"list body says total {total} but holds {tracks} tracks");
            }
            return tracks;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Fail(RefusalReasons.BadBody, $"list body is not valid JSON: {e.Message}");
        }
    }

    private static SnapshotFormatException Fail(string reason, string message) => new(reason, message);
}
