using System.IO.Compression;
using ZstdSharp;

namespace Layers.PublishClient;

/// <summary>Reads a response body under a cap and undoes its content coding (zstd, br, gzip), also under the cap.</summary>
internal static class ResponseBody
{
    public static async Task<byte[]> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw new CatalogUnavailableException($"response of {content.Headers.ContentLength} bytes exceeds the cap of {maxBytes}");
        }
        byte[] raw = await ReadCappedAsync(await content.ReadAsStreamAsync(cancellationToken), maxBytes, cancellationToken);
        var codings = content.Headers.ContentEncoding;
        if (codings.Count == 0 || (codings.Count == 1 && codings.First().Equals("identity", StringComparison.OrdinalIgnoreCase)))
        {
            return raw;
        }
        if (codings.Count > 1)
        {
            throw new CatalogUnavailableException($"response has several content codings ({string.Join(", ", codings)})");
        }
        string coding = codings.First().ToLowerInvariant();
        Stream decoder = coding switch
        {
            "zstd" => new DecompressionStream(new MemoryStream(raw)),
            "br" => new BrotliStream(new MemoryStream(raw), CompressionMode.Decompress),
            "gzip" or "x-gzip" => new GZipStream(new MemoryStream(raw), CompressionMode.Decompress),
            _ => throw new CatalogUnavailableException($"response has an unsupported content coding '{coding}'"),
        };
        try
        {
            return await ReadCappedAsync(decoder, maxBytes, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or ZstdException or IOException)
        {
            throw new CatalogUnavailableException($"{coding} body does not decode: {e.Message}", e);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        await using (stream)
        {
            using var output = new MemoryStream();
            byte[] buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    throw new CatalogUnavailableException($"response body exceeds the cap of {maxBytes} bytes");
                }
                output.Write(buffer, 0, read);
            }
            return output.ToArray();
        }
    }
}
