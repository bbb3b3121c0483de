using System.Text.Json;
using Layers.Catalog.Json;
using Layers.Catalog.Stores;

namespace Layers.Catalog.Keys;

/// <summary>The key set as read from the store, with the ETag it had.</summary>
public sealed record StoredKeyFile(KeyFile File, string? ETag);

/// <summary>keys/keys.json: read conditionally by the edge, changed by compare-and-swap by <c>keys</c> commands.</summary>
public sealed class KeyFileStore(IObjectStore store)
{
    public const long MaxBytes = 4 * 1024 * 1024;
    private const int MaxAttempts = 20;

    /// <summary>The key file; null when unchanged since <paramref name="ifNoneMatch"/>; empty when there is none yet.</summary>
    /// <exception cref="FormatException">The file is not a valid key file.</exception>
    public async Task<StoredKeyFile?> ReadAsync(string? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        var read = await store.ReadAsync(StoreKeys.KeyFile, MaxBytes, ifNoneMatch, cancellationToken);
        return read.Status switch
        {
            ReadStatus.NotModified => null,
            ReadStatus.NotFound => new StoredKeyFile(KeyFile.Empty, null),
            _ => new StoredKeyFile(Parse(read.Content!), read.ETag),
        };
    }

    /// <summary>Applies <paramref name="change"/> to the current file and swaps it in, re-reading when another writer won.</summary>
    public async Task<KeyFile> UpdateAsync(Func<KeyFile, KeyFile> change, CancellationToken cancellationToken = default)
    {
        for (int attempt = 1; ; attempt++)
        {
            var current = await ReadAsync(cancellationToken: cancellationToken) ?? throw new InvalidOperationException("unconditional read answered not-modified");
            var updated = change(current.File);
            var precondition = current.ETag is null ? Precondition.Absent : Precondition.Matches(current.ETag);
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(updated, CatalogJsonContext.Default.KeyFile);
            if (await store.TryPutAsync(StoreKeys.KeyFile, json, precondition, ObjectHeaders.Json, cancellationToken))
            {
                return updated;
            }
            if (attempt == MaxAttempts)
            {
                throw new IOException($"{StoreKeys.KeyFile} kept changing under {MaxAttempts} attempts to update it");
            }
            await Task.Delay(Random.Shared.Next(10, 50 * attempt), cancellationToken);
        }
    }

    public static KeyFile Parse(ReadOnlySpan<byte> json)
    {
        KeyFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, CatalogJsonContext.Default.KeyFile);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{StoreKeys.KeyFile} is not valid JSON: {e.Message}", e);
        }
        if (file?.Keys is null)
        {
            throw new FormatException($"{StoreKeys.KeyFile} has no \"keys\" array");
        }
        foreach (var key in file.Keys)
        {
            if (key is null || string.IsNullOrWhiteSpace(key.Id) || key.Scopes is null
                || key.Sha256 is not { Length: 64 } || !key.Sha256.All(char.IsAsciiHexDigit))
            {
                throw new FormatException($"{StoreKeys.KeyFile} has an entry without an id, a 64-hex-digit sha256 and scopes");
            }
        }
        return file;
    }
}
