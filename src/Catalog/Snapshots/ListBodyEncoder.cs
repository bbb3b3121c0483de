using System.IO.Compression;
using ZstdSharp;

namespace Layers.Catalog.Snapshots;

/// <summary>
/// Compresses the list body into each stored content coding. Done once, by the builder, at the highest
/// sensible levels: the bytes are then identical on every edge node, so one strong ETag per coding holds
/// fleet-wide, and no node spends CPU on compression.
/// </summary>
public static class ListBodyEncoder
{
    public const int BrotliQuality = 11;
    public const int BrotliWindowBits = 24;
    public const int ZstdLevel = 19;

    public static byte[] Encode(ReadOnlySpan<byte> identity, ContentEncoding encoding) => encoding switch
    {
        ContentEncoding.Identity => identity.ToArray(),
        ContentEncoding.Gzip => Gzip(identity),
        ContentEncoding.Brotli => Brotli(identity),
        ContentEncoding.Zstd => Zstd(identity),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    private static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(data.Length / 4 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    private static byte[] Brotli(ReadOnlySpan<byte> data)
    {
        byte[] output = new byte[BrotliEncoder.GetMaxCompressedLength(data.Length)];
        if (!BrotliEncoder.TryCompress(data, output, out int written, BrotliQuality, BrotliWindowBits))
        {
            throw new InvalidOperationException("Brotli compression failed.");
        }
        return output.AsSpan(0, written).ToArray();
    }

    private static byte[] Zstd(ReadOnlySpan<byte> data)
    {
        using var compressor = new Compressor(ZstdLevel);
        return compressor.Wrap(data).ToArray();
    }
}
