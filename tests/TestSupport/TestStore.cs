using System.Buffers.Binary;
using System.Security.Cryptography;
using Layers.Catalog.Keys;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.Catalog.Tracks;
using ZstdSharp;

namespace Layers.TestSupport;

/// <summary>
/// Writes snapshots and keys into a store the way the builder does, and — for the refusal tests — broken
/// ones whose outer checks pass, so that each test reaches the defect it is about.
/// </summary>
public sealed class TestStore(IObjectStore store)
{
    public IObjectStore Store => store;

    public static List<Track> Tracks(int count, int seed, int retained = 0) =>
        Enumerable.Range(0, count + retained).Select(i =>
        {
            string musicId = $"{seed:000000}{i:000000}";
            string id = TrackIds.FromTikTokMusicId(musicId);
            return new Track(id, musicId, $"Track {i} of {seed}", "Band", "", 30, MediaUrls.PreviewUrl(MediaUrls.DefaultBaseUrl, id),
                MediaUrls.CoverUrl(MediaUrls.DefaultBaseUrl, id), "en", 1_000_000 - i * 7 - seed, i % 2 == 0, $"https://www.tiktok.com/music/t-{musicId}", i < count);
        }).OrderBy(t => !t.Trending).ThenBy(t => t, TrackOrder.Instance).ToList();

    public static WrittenSnapshot Write(string version, int count, int seed, int retained = 0) =>
        SnapshotWriter.Write(version, DateTimeOffset.UtcNow, Tracks(count, seed, retained));

    /// <summary>Writes the blob and announces it, exactly as a build does. Returns the manifest.</summary>
    public Task<Manifest> AnnounceAsync(string version, WrittenSnapshot snapshot) =>
        AnnounceBlobAsync(version, snapshot.Blob, snapshot.TrackCount);

    /// <summary>Announces arbitrary blob bytes with a manifest whose size and sha256 describe them truthfully.</summary>
    public async Task<Manifest> AnnounceBlobAsync(string version, byte[] blob, int trackCount, Func<Manifest, Manifest>? tamper = null)
    {
        var manifest = new Manifest(1, version, StoreKeys.Snapshot(version), Convert.ToHexStringLower(SHA256.HashData(blob)), blob.Length, trackCount, DateTimeOffset.UtcNow);
        manifest = tamper?.Invoke(manifest) ?? manifest;
        await store.TryPutAsync(manifest.Blob, blob, Precondition.Absent, ObjectHeaders.Snapshot);
        await ReplaceManifestAsync(ManifestJson.Serialize(manifest));
        return manifest;
    }

    public async Task ReplaceManifestAsync(byte[] content)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            var current = await store.ReadAsync(StoreKeys.Manifest, 1 << 20);
            var precondition = current.Status == ReadStatus.Found ? Precondition.Matches(current.ETag!) : Precondition.Absent;
            if (await store.TryPutAsync(StoreKeys.Manifest, content, precondition, ObjectHeaders.Json))
            {
                return;
            }
        }
        throw new IOException("manifest kept changing");
    }

    public Task SetKeysAsync(params (string Id, string Key, bool Revoked)[] keys) =>
        SetKeysAsync(keys.Select(k => (k.Id, k.Key, k.Revoked, (DateTimeOffset?)null)).ToArray());

    public Task SetKeysAsync(params (string Id, string Key, bool Revoked, DateTimeOffset? ExpiresAt)[] keys) =>
        SetKeysAsync(keys.Select(k => new KeyRecord(k.Id, ApiKeys.Hash(k.Key), [Scopes.PublishRead], k.Revoked, k.ExpiresAt)).ToArray());

    /// <summary>Replaces the key file with exactly these records (any scopes).</summary>
    public Task SetKeysAsync(params KeyRecord[] records) => new KeyFileStore(store).UpdateAsync(_ => new KeyFile([.. records]));

    /// <summary>Decompresses a blob's payload, lets <paramref name="edit"/> change it, and reframes it with every hash made consistent again.</summary>
    public static byte[] Rewrite(byte[] blob, Action<byte[], Func<SectionKind, ContentEncoding, (int Offset, int Length)>> edit)
    {
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(blob.AsSpan(16));
        byte[] payload = new byte[length];
        new Decompressor().Unwrap(blob.AsSpan(SnapshotFormat.HeaderSize), payload);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        (int Entry, int Offset, int Length) Find(SectionKind kind, ContentEncoding encoding)
        {
            for (int i = 0; i < count; i++)
            {
                int entry = 4 + i * SnapshotFormat.SectionEntrySize;
                if (BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(entry)) == (ushort)kind
                    && BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(entry + 2)) == (ushort)encoding)
                {
                    return (entry, (int)BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(entry + 8)), (int)BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(entry + 16)));
                }
            }
            throw new InvalidOperationException($"no {kind}/{encoding} section");
        }
        edit(payload, (kind, encoding) => { var s = Find(kind, encoding); return (s.Offset, s.Length); });
        for (int i = 0; i < count; i++)
        {
            int entry = 4 + i * SnapshotFormat.SectionEntrySize;
            int offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(entry + 8));
            int size = (int)BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(entry + 16));
            SHA256.HashData(payload.AsSpan(offset, size), payload.AsSpan(entry + 24, 32));
        }
        byte[] frame = new Compressor(3).Wrap(payload).ToArray();
        byte[] rewritten = new byte[SnapshotFormat.HeaderSize + frame.Length];
        blob.AsSpan(0, 24).CopyTo(rewritten);
        SHA256.HashData(payload, rewritten.AsSpan(24, 32));
        frame.CopyTo(rewritten, SnapshotFormat.HeaderSize);
        return rewritten;
    }
}
