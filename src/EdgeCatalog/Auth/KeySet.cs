using Layers.Catalog.Keys;

namespace Layers.EdgeCatalog.Auth;

public enum AuthResult
{
    Authorized,
    Missing,
    Malformed,
    Rejected,
    InsufficientScope,
}

/// <summary>
/// The key set in force, immutable; a reload builds a new one and swaps it in whole. Only digests are
/// held. Unknown, revoked and expired keys are all <see cref="AuthResult.Rejected"/>: a caller learns
/// nothing about which keys exist.
/// </summary>
internal sealed class KeySet
{
    private readonly Dictionary<KeyDigest, Entry> _keys;

    private KeySet(Dictionary<KeyDigest, Entry> keys, string? etag)
    {
        _keys = keys;
        ETag = etag;
    }

    public string? ETag { get; }

    /// <summary>The key file's version for logs and metrics: its ETag without quotes.</summary>
    public string Version => ETag?.Trim('"') ?? "none";

    public int Count => _keys.Count;

    public static KeySet From(KeyFile file, string? etag)
    {
        var keys = new Dictionary<KeyDigest, Entry>();
        foreach (var record in file.Keys)
        {
            if (KeyDigest.TryParseHex(record.Sha256, out var digest))
            {
                keys[digest] = new Entry(record.Revoked, record.ExpiresAt?.UtcTicks ?? long.MaxValue, record.Scopes.Contains(Scopes.PublishRead));
            }
        }
        return new KeySet(keys, etag);
    }

    /// <summary>Checks an Authorization header value for the publish:read scope. Allocation-free.</summary>
    public AuthResult Authorize(ReadOnlySpan<char> authorization, long nowUtcTicks) => Authorize(authorization, nowUtcTicks, out _);

    /// <summary>As <see cref="Authorize(ReadOnlySpan{char}, long)"/>; when authorized, also until when the key is valid.</summary>
    public AuthResult Authorize(ReadOnlySpan<char> authorization, long nowUtcTicks, out long expiresUtcTicks)
    {
        expiresUtcTicks = 0;
        if (authorization.IsEmpty)
        {
            return AuthResult.Missing;
        }
        if (!BearerToken.TryParse(authorization, out var token))
        {
            return AuthResult.Malformed;
        }
        if (!_keys.TryGetValue(KeyDigest.OfKey(token), out var entry) || entry.Revoked || entry.ExpiresUtcTicks <= nowUtcTicks)
        {
            return AuthResult.Rejected;
        }
        if (!entry.PublishRead)
        {
            return AuthResult.InsufficientScope;
        }
        expiresUtcTicks = entry.ExpiresUtcTicks;
        return AuthResult.Authorized;
    }

    private readonly record struct Entry(bool Revoked, long ExpiresUtcTicks, bool PublishRead);
}
