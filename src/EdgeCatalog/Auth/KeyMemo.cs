using System.Security.Cryptography;

namespace Layers.EdgeCatalog.Auth;

/// <summary>
/// One connection's memory of the last Authorization value it presented that was authorized, so a keep-alive
/// client's next requests skip hashing the key — the SHA-256 is the largest cost of answering (bench/RESULTS.md).
/// It recalls a value only for the very key set that authorized it: any reload (a revocation, a new expiry)
/// swaps in a new <see cref="KeySet"/> and the memo misses. Expiry is checked on every use, the bytes are
/// compared in constant time, and they are zeroed when the connection ends.
/// </summary>
internal sealed class KeyMemo(int maxValueBytes) : IDisposable
{
    private readonly byte[] _value = new byte[maxValueBytes];
    private int _length;
    private KeySet? _keys;
    private long _expiresUtcTicks;

    public bool Recalls(KeySet keys, ReadOnlySpan<byte> authorization, long nowUtcTicks) =>
        ReferenceEquals(keys, _keys) && nowUtcTicks < _expiresUtcTicks
        && CryptographicOperations.FixedTimeEquals(authorization, _value.AsSpan(0, _length));

    public void Remember(KeySet keys, ReadOnlySpan<byte> authorization, long expiresUtcTicks)
    {
        if (authorization.Length > _value.Length)
        {
            return;
        }
        authorization.CopyTo(_value);
        _length = authorization.Length;
        _keys = keys;
        _expiresUtcTicks = expiresUtcTicks;
    }

    public void Dispose()
    {
        _keys = null;
        CryptographicOperations.ZeroMemory(_value);
    }
}
