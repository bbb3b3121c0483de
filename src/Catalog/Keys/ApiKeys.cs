using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Layers.Catalog.Keys;

/// <summary>API keys: 256 random bits, printed once; only their SHA-256 is ever stored.</summary>
public static class ApiKeys
{
    public const string Prefix = "lm_";

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes, as keys.json stores it.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
