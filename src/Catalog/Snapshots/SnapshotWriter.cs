using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Layers.Catalog.Json;
using Layers.Catalog.Tracks;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Layers.Catalog.Snapshots;

/// <summary>A serialized snapshot, ready to store: the blob and the facts the manifest announces.</summary>
public sealed record WrittenSnapshot(byte[] Blob, string BlobSha256, string ContentSha256, int TrackCount, int ResolvableCount);

/// <summary>Serializes a catalog into a v1 blob (see <see cref="SnapshotFormat"/>).</summary>
public static class SnapshotWriter
{
    /// <summary>Level for the outer frame: most of the payload is already-compressed list variants.</summary>
    public const int BlobZstdLevel = 9;

    private static readonly ContentEncoding[] StoredEncodings =
        [ContentEncoding.Identity, ContentEncoding.Gzip, ContentEncoding.Brotli, ContentEncoding.Zstd];

    /// <param name="version">The snapshot's version string, as the manifest will announce it.</param>
    /// <param name="createdAt">When the build made it.</param>
    /// <param name="tracks">Every resolvable track; those with <see cref="Track.Trending"/> form the list,
    /// in the order given (callers sort with <see cref="TrackOrder"/>).</param>
    public static WrittenSnapshot Write(string version, DateTimeOffset createdAt, IReadOnlyList<Track> tracks)
    {
        var trending = tracks.Where(t => t.Trending).ToList();
        byte[] identity = TrackJson.ListBody(trending);

        var sections = new List<(SectionKind Kind, ContentEncoding Encoding, byte[] Data)>();
        var meta = new SnapshotMeta(version, createdAt, trending.Count, tracks.Count);
        sections.Add((SectionKind.Meta, ContentEncoding.Identity,
            JsonSerializer.SerializeToUtf8Bytes(meta, CatalogJsonContext.Default.SnapshotMeta)));
        foreach (var encoding in StoredEncodings)
        {
            byte[] body = encoding == ContentEncoding.Identity ? identity : ListBodyEncoder.Encode(identity, encoding);
            sections.Add((SectionKind.ListBody, encoding, body));
        }
        var (index, bodies) = TrackSections(tracks);
        sections.Add((SectionKind.TrackIndex, ContentEncoding.Identity, index));
        sections.Add((SectionKind.TrackBodies, ContentEncoding.Identity, bodies));

        byte[] payload = Payload(sections);
        byte[] blob = Frame(payload);

        return new WrittenSnapshot(
            blob,
            Convert.ToHexStringLower(SHA256.HashData(blob)),
            ContentSha256(identity, index, bodies),
            trending.Count,
            tracks.Count);
    }

    /// <summary>SHA-256 over what a client can see (identity list body, track index, track bodies): equal for two builds that would serve the same bytes.</summary>
    public static string ContentSha256(ReadOnlySpan<byte> identityListBody, ReadOnlySpan<byte> trackIndex, ReadOnlySpan<byte> trackBodies)
    {
        using var content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        content.AppendData(identityListBody);
        content.AppendData(trackIndex);
        content.AppendData(trackBodies);
        return Convert.ToHexStringLower(content.GetHashAndReset());
    }

    private static (byte[] Index, byte[] Bodies) TrackSections(IReadOnlyList<Track> tracks)
    {
        byte[] index = new byte[4 + tracks.Count * SnapshotFormat.TrackIndexEntrySize];
        BinaryPrimitives.WriteUInt32LittleEndian(index, (uint)tracks.Count);
        using var bodies = new MemoryStream(tracks.Count * 520);
        for (int i = 0; i < tracks.Count; i++)
        {
            var track = tracks[i];
            byte[] body = TrackJson.DetailBody(track);
            Span<byte> entry = index.AsSpan(4 + i * SnapshotFormat.TrackIndexEntrySize, SnapshotFormat.TrackIndexEntrySize);
            Guid.Parse(track.Id).TryWriteBytes(entry, bigEndian: true, out _);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[16..], checked((uint)bodies.Position));
            BinaryPrimitives.WriteUInt32LittleEndian(entry[20..], (uint)body.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[24..], track.Trending ? SnapshotFormat.TrackFlagTrending : 0);
            bodies.Write(body);
        }
        return (index, bodies.ToArray());
    }

    private static byte[] Payload(List<(SectionKind Kind, ContentEncoding Encoding, byte[] Data)> sections)
    {
        long tableEnd = 4 + (long)sections.Count * SnapshotFormat.SectionEntrySize;
        long total = tableEnd + sections.Sum(s => (long)s.Data.Length);
        byte[] payload = new byte[checked((int)total)];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)sections.Count);
        long offset = tableEnd;
        for (int i = 0; i < sections.Count; i++)
        {
            var (kind, encoding, data) = sections[i];
            Span<byte> entry = payload.AsSpan(4 + i * SnapshotFormat.SectionEntrySize, SnapshotFormat.SectionEntrySize);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, (ushort)kind);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], (ushort)encoding);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], 0);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], (ulong)offset);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], (ulong)data.Length);
            SHA256.HashData(data, entry[24..]);
            data.CopyTo(payload.AsSpan((int)offset));
            offset += data.Length;
        }
        return payload;
    }

    private static byte[] Frame(byte[] payload)
    {
        using var compressor = new Compressor(BlobZstdLevel);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_contentSizeFlag, 1);
        ReadOnlySpan<byte> compressed = compressor.Wrap(payload);

        byte[] blob = new byte[SnapshotFormat.HeaderSize + compressed.Length];
        Span<byte> header = blob;
        SnapshotFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], SnapshotFormat.CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], SnapshotFormat.HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], (ulong)payload.Length);
        SHA256.HashData(payload, header[24..SnapshotFormat.HeaderSize]);
        compressed.CopyTo(blob.AsSpan(SnapshotFormat.HeaderSize));
        return blob;
    }
}
