namespace Layers.Catalog.Keys;

/// <summary>keys/keys.json (docs/contract/store.md). Holds only SHA-256 hashes of keys, never a key.</summary>
public sealed record KeyFile(IReadOnlyList<KeyRecord> Keys)
{
    public static readonly KeyFile Empty = new([]);
}

public sealed record KeyRecord(string Id, string Sha256, IReadOnlyList<string> Scopes, bool Revoked, DateTimeOffset? ExpiresAt)
{
    public DateTimeOffset? CreatedAt { get; init; }
}

public static class Scopes
{
    public const string PublishRead = "publish:read";
}
