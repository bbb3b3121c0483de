using System.Security.Cryptography;
using System.Text;

namespace Layers.Catalog.Tracks;

/// <summary>
/// Stable track ids: the same TikTok music id gets the same id in every snapshot, on every machine.
/// </summary>
public static class TrackIds
{
    /// <summary>
    /// UUIDv5(URL namespace, "https://layers.com/ns/tiktok-music"). Frozen: changing it renumbers every
    /// track and breaks every scheduled post that refers to one.
    /// </summary>
    public static readonly Guid TikTokMusicNamespace = new("669080c6-9181-5bd2-ba3f-0cf251b87674");

    public static string FromTikTokMusicId(string musicId) =>
        NameBased(TikTokMusicNamespace, musicId).ToString("D");

    /// <summary>RFC 9562 §5.5 UUIDv5: SHA-1 over the namespace's bytes (network order) and the UTF-8 name.</summary>
    public static Guid NameBased(Guid nameSpace, string name)
    {
        int nameLength = Encoding.UTF8.GetByteCount(name);
        byte[] input = new byte[16 + nameLength];
        nameSpace.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));

        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash[..16], bigEndian: true);
    }
}
