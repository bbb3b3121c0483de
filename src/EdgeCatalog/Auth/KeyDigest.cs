using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Layers.EdgeCatalog.Auth;

/// <summary>
/// A SHA-256 digest as a dictionary key. Equality is branch-free over all 32 bytes, so looking a key up
/// takes the same time however many leading bytes match (keys are compared in constant time).
/// </summary>
internal readonly struct KeyDigest : IEquatable<KeyDigest>
{
    private readonly ulong _a, _b, _c, _d;

    private KeyDigest(ReadOnlySpan<byte> digest)
    {
        _a = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(digest[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(digest[24..]);
    }

    /// <summary>Hashes a presented key (ASCII, already checked) without allocating.</summary>
    public static KeyDigest OfKey(ReadOnlySpan<char> key)
    {
        Span<byte> utf8 = stackalloc byte[BearerToken.MaxLength];
        int length = Encoding.ASCII.GetBytes(key, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], digest);
        return new KeyDigest(digest);
    }

    public static bool TryParseHex(string hex, out KeyDigest digest)
    {
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        if (hex.Length != 64 || Convert.FromHexString(hex, bytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            digest = default;
            return false;
        }
        digest = new KeyDigest(bytes);
        return true;
    }

    public bool Equals(KeyDigest other) => ((_a ^ other._a) | (_b ^ other._b) | (_c ^ other._c) | (_d ^ other._d)) == 0;

    public override bool Equals(object? obj) => obj is KeyDigest other && Equals(other);

    // A digest is uniformly random already; any 8 of its bytes make a good hash code.
    public override int GetHashCode() => (int)_a;
}
