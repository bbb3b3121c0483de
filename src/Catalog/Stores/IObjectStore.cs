namespace Layers.Catalog.Stores;

/// <summary>
/// The store as the system needs it (Hollow's publisher/announcer/retriever sit on top of this):
/// bounded reads with conditional GET, and conditional writes only. Nothing in Layers overwrites an
/// object blindly: blobs and media are create-only, the manifest and key file compare-and-swap.
/// Keys are relative to the store's prefix and use '/' separators.
/// </summary>
public interface IObjectStore : IDisposable
{
    /// <summary>Where this store points, for logs; never includes credentials.</summary>
    string Description { get; }

    /// <summary>
    /// Reads a whole object of at most <paramref name="maxBytes"/> bytes (else <see cref="ObjectTooLargeException"/>).
    /// With <paramref name="ifNoneMatch"/> equal to the object's current ETag, answers <see cref="ReadStatus.NotModified"/>.
    /// </summary>
    Task<ObjectRead> ReadAsync(string key, long maxBytes, string? ifNoneMatch = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="content"/> only if <paramref name="precondition"/> holds at the moment of the
    /// write. Returns false when it did not (somebody else's write won); the store is then unchanged.
    /// </summary>
    Task<bool> TryPutAsync(string key, ReadOnlyMemory<byte> content, Precondition precondition, ObjectHeaders headers, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every object whose key starts with <paramref name="prefix"/> (a folder: ends with '/'), in key order.</summary>
    Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; deleting one that is not there is not an error. Only <c>prune</c> deletes, and only snapshot blobs.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>An object as a listing shows it.</summary>
public sealed record StoredObject(string Key, long Size, DateTimeOffset LastModified);

/// <summary>
/// The store itself is not there (a folder store's root is missing, a bucket does not exist): unreachable,
/// never to be read as an empty store. Readers never create a store; writers may create a folder store's root.
/// </summary>
public sealed class StoreUnreachableException(string store, string problem)
    : IOException($"store {store} is unreachable: {problem}");

public enum ReadStatus
{
    Found,
    NotFound,
    NotModified,
}

/// <summary>The outcome of a read. <see cref="Content"/> and <see cref="ETag"/> are set when <see cref="ReadStatus.Found"/>.</summary>
public readonly record struct ObjectRead(ReadStatus Status, byte[]? Content, string? ETag)
{
    public static readonly ObjectRead NotFound = new(ReadStatus.NotFound, null, null);
    public static readonly ObjectRead NotModified = new(ReadStatus.NotModified, null, null);
}

/// <summary>A write's condition: the key must be absent (create-only), or hold exactly the object with this ETag.</summary>
public readonly record struct Precondition(string? IfMatch)
{
    public static readonly Precondition Absent = new(null);

    public static Precondition Matches(string etag) => new(etag);
}

public sealed record ObjectHeaders(string ContentType, string? CacheControl = null)
{
    public static readonly ObjectHeaders Json = new("application/json");
    public static readonly ObjectHeaders Snapshot = new("application/octet-stream", "public, max-age=31536000, immutable");
}

public sealed class ObjectTooLargeException(string key, long maxBytes)
    : IOException($"object '{key}' is larger than the cap of {maxBytes} bytes")
{
    public string Key { get; } = key;
}
