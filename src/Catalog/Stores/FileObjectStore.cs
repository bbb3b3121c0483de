using System.Security.Cryptography;

namespace Layers.Catalog.Stores;

/// <summary>
/// A store in a local folder: dev runs, tests, and a last-known-good cache. Objects appear atomically
/// (write to a temporary file, fsync, rename), so a reader never sees half an object. Conditional writes
/// are serialized by an exclusive lock on <c>.layers-store.lock</c> in the root — an OS file lock
/// (flock on Unix), so it holds across processes and is released if a writer dies.
/// ETags are derived from content (SHA-256), like S3's MD5 ETags for single-part objects.
/// A missing root is an unreachable store (<see cref="StoreUnreachableException"/>), not an empty one; only a
/// writer's store (<c>create: true</c>) makes its root.
/// </summary>
public sealed class FileObjectStore : IObjectStore
{
    private const string LockFileName = ".layers-store.lock";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root;

    public FileObjectStore(string root, bool create = false)
    {
        _root = Path.GetFullPath(root);
        if (create)
        {
            Directory.CreateDirectory(_root);
        }
    }

    public string Description => $"file://{_root}";

    public async Task<ObjectRead> ReadAsync(string key, long maxBytes, string? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        byte[] content;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
            if (stream.Length > maxBytes)
            {
                throw new ObjectTooLargeException(key, maxBytes);
            }
            content = new byte[stream.Length];
            await stream.ReadExactlyAsync(content, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            EnsureRootExists();
            return ObjectRead.NotFound;
        }
        string etag = ETagOf(content);
        return etag == ifNoneMatch ? ObjectRead.NotModified : new ObjectRead(ReadStatus.Found, content, etag);
    }

    public async Task<bool> TryPutAsync(string key, ReadOnlyMemory<byte> content, Precondition precondition, ObjectHeaders headers, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        EnsureRootExists();
        using var storeLock = await AcquireLockAsync(cancellationToken);
        if (!PreconditionHolds(path, precondition))
        {
            return false;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
        return true;
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        if (File.Exists(path))
        {
            return Task.FromResult(true);
        }
        EnsureRootExists();
        return Task.FromResult(false);
    }

    public Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        EnsureRootExists();
        var objects = new List<StoredObject>();
        foreach (var file in new DirectoryInfo(_root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            string key = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            // Temporary files of writes in flight and the lock file are not objects.
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !key.EndsWith(".tmp", StringComparison.Ordinal) && key != LockFileName)
            {
                objects.Add(new StoredObject(key, file.Length, file.LastWriteTimeUtc));
            }
        }
        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return Task.FromResult<IReadOnlyList<StoredObject>>(objects);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        EnsureRootExists();
        File.Delete(path);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }

    internal static string ETagOf(ReadOnlySpan<byte> content) =>
        $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"";

    private static bool PreconditionHolds(string path, Precondition precondition)
    {
        if (!File.Exists(path))
        {
            return precondition.IfMatch is null;
        }
        return precondition.IfMatch is not null && ETagOf(File.ReadAllBytes(path)) == precondition.IfMatch;
    }

    private void EnsureRootExists()
    {
        if (!Directory.Exists(_root))
        {
            throw new StoreUnreachableException(Description, "the folder does not exist");
        }
    }

    private string PathOf(string key)
    {
        StoreKeys.Validate(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        string lockPath = Path.Combine(_root, LockFileName);
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Random.Shared.Next(2, 15), cancellationToken);
            }
        }
    }
}
