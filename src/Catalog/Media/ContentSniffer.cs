namespace Layers.Catalog.Media;

/// <summary>What media bytes really are, from their first bytes; the server's Content-Type is not trusted.</summary>
public static class ContentSniffer
{
    public static string? AudioType(ReadOnlySpan<byte> data) =>
        data.StartsWith("ID3"u8) || (data.Length >= 2 && data[0] == 0xFF && (data[1] & 0xE0) == 0xE0) ? "audio/mpeg" : null;

    public static string? ImageType(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return "image/jpeg";
        }
        if (data.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return "image/png";
        }
        return data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8) ? "image/webp" : null;
    }
}
