using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Tracks;
using ZstdSharp;

namespace Layers.Catalog.Tests;

public class SnapshotFormatTests
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly List<Track> Tracks = SampleTracks.Catalog(50, retained: 5);
    private static readonly WrittenSnapshot Written = SnapshotWriter.Write("v-test", CreatedAt, Tracks);

    [Fact]
    public void Round_trip_keeps_meta_bodies_and_tracks()
    {
        var decoded = SnapshotReader.Read(Written.Blob);

        Assert.Equal(new SnapshotMeta("v-test", CreatedAt, 50, 55), decoded.Meta);
        byte[] identity = TrackJson.ListBody(Tracks.Where(t => t.Trending).ToList());
        Assert.Equal(identity, decoded.ListBody(ContentEncoding.Identity).Data.ToArray());
        Assert.Equal(55, decoded.Tracks.Count);
        Assert.Equal(5, decoded.Tracks.Count(t => !t.Trending));
        foreach (var (entry, track) in decoded.Tracks.Zip(Tracks))
        {
            Assert.Equal(Guid.Parse(track.Id), entry.Id);
            Assert.Equal(TrackJson.DetailBody(track), entry.DetailBody.ToArray());
        }
    }

    [Theory]
    [InlineData(ContentEncoding.Gzip)]
    [InlineData(ContentEncoding.Brotli)]
    [InlineData(ContentEncoding.Zstd)]
    public void Every_stored_coding_decodes_to_the_identity_body(ContentEncoding encoding)
    {
        var decoded = SnapshotReader.Read(Written.Blob);
        byte[] compressed = decoded.ListBody(encoding).Data.ToArray();
        byte[] inflated = encoding switch
        {
            ContentEncoding.Gzip => Inflate(new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress)),
            ContentEncoding.Brotli => Inflate(new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress)),
            _ => new Decompressor().Unwrap(compressed).ToArray(),
        };
        Assert.Equal(decoded.ListBody(ContentEncoding.Identity).Data.ToArray(), inflated);
        Assert.True(compressed.Length < inflated.Length / 3, $"{encoding} body is {compressed.Length} of {inflated.Length} bytes");
    }

    [Fact]
    public void Writing_is_deterministic_apart_from_nothing()
    {
        var again = SnapshotWriter.Write("v-test", CreatedAt, Tracks);
        Assert.Equal(Written.BlobSha256, again.BlobSha256);
        Assert.Equal(Written.ContentSha256, again.ContentSha256);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(56)]
    [InlineData(100)]
    public void Truncated_blob_is_refused(int keep)
    {
        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(Written.Blob.AsSpan(0, keep)));
        Assert.Contains(e.Reason, new[] { RefusalReasons.Truncated, RefusalReasons.CorruptCompression });
    }

    [Fact]
    public void Blob_missing_its_last_bytes_is_refused()
    {
        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(Written.Blob.AsSpan(0, Written.Blob.Length - 1)));
        Assert.Equal(RefusalReasons.CorruptCompression, e.Reason);
    }

    [Fact]
    public void A_flipped_bit_anywhere_is_refused()
    {
        // Every header byte, and 200 positions spread over the compressed frame.
        var positions = Enumerable.Range(0, SnapshotFormat.HeaderSize)
            .Concat(Enumerable.Range(0, 200).Select(i => SnapshotFormat.HeaderSize + (int)((long)i * (Written.Blob.Length - SnapshotFormat.HeaderSize - 1) / 199)));
        foreach (int position in positions.Distinct())
        {
            byte[] corrupt = (byte[])Written.Blob.Clone();
            corrupt[position] ^= (byte)(1 << (position % 8));
            Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(corrupt));
        }
    }

    [Fact]
    public void Unknown_format_version_is_refused()
    {
        byte[] future = (byte[])Written.Blob.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(future.AsSpan(8), 2);
        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(future));
        Assert.Equal(RefusalReasons.UnsupportedVersion, e.Reason);
    }

    [Fact]
    public void Payload_declared_over_the_cap_is_refused_before_decompressing()
    {
        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(Written.Blob, maxPayloadBytes: 1024));
        Assert.Equal(RefusalReasons.TooLarge, e.Reason);
    }

    [Fact]
    public void A_zstd_bomb_that_lies_about_its_size_is_refused()
    {
        // 64 MiB of zeros compresses to a few KB; the header claims 1 KiB.
        byte[] payload = new byte[64 * 1024 * 1024];
        byte[] frame = new Compressor(1).Wrap(payload).ToArray();
        byte[] bomb = new byte[SnapshotFormat.HeaderSize + frame.Length];
        Written.Blob.AsSpan(0, SnapshotFormat.HeaderSize).CopyTo(bomb);
        BinaryPrimitives.WriteUInt64LittleEndian(bomb.AsSpan(16), 1024);
        frame.CopyTo(bomb, SnapshotFormat.HeaderSize);

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(bomb));
        Assert.Equal(RefusalReasons.TooLarge, e.Reason);
    }

    [Fact]
    public void Not_a_snapshot_is_refused()
    {
        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(Encoding.UTF8.GetBytes(new string('x', 200))));
        Assert.Equal(RefusalReasons.BadMagic, e.Reason);
    }

    [Fact]
    public void Empty_catalog_round_trips()
    {
        var empty = SnapshotWriter.Write("v-empty", CreatedAt, []);
        var decoded = SnapshotReader.Read(empty.Blob);
        Assert.Equal(0, decoded.Meta.TrackCount);
        using var doc = JsonDocument.Parse(decoded.ListBody(ContentEncoding.Identity).Data);
        Assert.Equal(0, doc.RootElement.GetProperty("total").GetInt32());
    }

    private static byte[] Inflate(Stream stream)
    {
        using (stream)
        {
            using var output = new MemoryStream();
            stream.CopyTo(output);
            return output.ToArray();
        }
    }
}
