using Layers.Catalog.Keys;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.EdgeCatalog.Auth;
using Layers.EdgeCatalog.Observability;
using Layers.EdgeCatalog.Serving;

namespace Layers.EdgeCatalog.Loading;

/// <summary>
/// Loads the key set and the snapshot at boot — from the store, or from the last-known-good cache when
/// the store cannot provide them — then watches each with conditional GETs on its own jittered loop.
/// A new snapshot is fetched, checked against the manifest, decoded, verified and precomputed, all off
/// the request path, and only then swapped in. Anything that fails is counted and logged, leaves the
/// node serving what it had, and is retried with exponential backoff. Keys have their own loop so that a
/// failing snapshot never delays a revocation.
/// </summary>
internal sealed partial class CatalogWatcher(
    EdgeSettings settings, IObjectStore store, CatalogState state, EdgeMetrics metrics, TimeProvider time, ILogger<CatalogWatcher> logger)
    : BackgroundService
{
    private readonly SnapshotRetriever _retriever = new(store);
    private readonly KeyFileStore _keyFiles = new(store);
    private readonly LastKnownGood _cache = new(settings.CacheDirectory);
    private string? _manifestETag;
    private int _compactionScheduled;

    /// <summary>How long after a swap the heap is compacted: after boot's first requests, well before the next swap.</summary>
    internal static readonly TimeSpan CompactionDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogWatching(logger, store.Description, settings.PollInterval.TotalMilliseconds, settings.PinVersion ?? "none", settings.CacheDirectory);
        bool keysOk = await ReloadKeysAsync(stoppingToken);
        bool snapshotOk = await ReloadSnapshotAsync(stoppingToken);
        RestoreMissingFromCache();
        await Task.WhenAll(
            WatchAsync(ReloadKeysAsync, keysOk, stoppingToken),
            WatchAsync(ReloadSnapshotAsync, snapshotOk, stoppingToken));
    }

    private async Task WatchAsync(Func<CancellationToken, Task<bool>> reload, bool lastOk, CancellationToken stoppingToken)
    {
        int failures = lastOk ? 0 : 1;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(NextDelay(failures), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            failures = await reload(stoppingToken) ? 0 : failures + 1;
        }
    }

    /// <summary>The poll interval, ±10% so a fleet started together does not poll in lockstep; doubled per consecutive failure up to the cap.</summary>
    internal TimeSpan NextDelay(int failures)
    {
        var delay = settings.PollInterval;
        var cap = settings.PollInterval > EdgeSettings.MaxBackoff ? settings.PollInterval : EdgeSettings.MaxBackoff;
        for (int i = 1; i < failures && delay < cap; i++)
        {
            delay *= 2;
        }
        if (delay > cap)
        {
            delay = cap;
        }
        return delay * (0.9 + Random.Shared.NextDouble() * 0.2);
    }

    private async Task<bool> ReloadKeysAsync(CancellationToken cancellationToken)
    {
        try
        {
            var file = await _keyFiles.ReadAsync(state.Keys?.ETag, cancellationToken);
            if (file is not null)
            {
                var keys = KeySet.From(file.File, file.ETag);
                state.Swap(keys);
                metrics.RecordKeyReload();
                LogKeysLoaded(logger, keys.Count, keys.Version);
                SaveToCache(() => _cache.SaveKeys(file.File, file.ETag));
            }
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.RecordRefused(e is FormatException ? "key_file_invalid" : "key_file_unreachable");
            LogKeysRefused(logger, e.Message);
            return false;
        }
    }

    private async Task<bool> ReloadSnapshotAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (settings.PinVersion is { } pin)
            {
                return state.Catalog?.Version == pin || await LoadPinnedAsync(pin, cancellationToken);
            }
            var announced = await _retriever.ReadManifestAsync(_manifestETag, cancellationToken);
            if (announced is null)
            {
                return true;
            }
            if (announced.Manifest.Version != state.Catalog?.Version)
            {
                byte[] blob = await _retriever.ReadBlobAsync(announced.Manifest, settings.MaxSnapshotBytes, cancellationToken);
                var decoded = SnapshotReader.Read(blob, settings.MaxSnapshotBytes);
                if (decoded.Meta.Version != announced.Manifest.Version || decoded.Meta.TrackCount != announced.Manifest.TrackCount)
                {
                    throw new SnapshotFormatException(RefusalReasons.BadMeta,
                        $"blob holds {decoded.Meta.Version} with {decoded.Meta.TrackCount} tracks; the manifest announces {announced.Manifest.Version} with {announced.Manifest.TrackCount}");
                }
                SwapIn(decoded, blob);
            }
            // Remembered only once handled: a refused manifest is fetched and tried again next time.
            _manifestETag = announced.ETag;
            return true;
        }
        catch (SnapshotFormatException e)
        {
            metrics.RecordRefused(e.Reason);
            LogRefused(logger, e.Reason, e.Message, state.Catalog?.Version ?? "none");
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.RecordRefused("store_unreachable");
            LogStoreFailed(logger, e.Message, state.Catalog?.Version ?? "none");
            return false;
        }
        finally
        {
            metrics.RecordSnapshotPoll();
        }
    }

    private async Task<bool> LoadPinnedAsync(string pin, CancellationToken cancellationToken)
    {
        var read = await store.ReadAsync(StoreKeys.Snapshot(pin), settings.MaxSnapshotBytes, cancellationToken: cancellationToken);
        if (read.Status != ReadStatus.Found)
        {
            throw new SnapshotFormatException(RefusalReasons.MissingBlob, $"pinned version {pin} has no blob at {StoreKeys.Snapshot(pin)}");
        }
        var decoded = SnapshotReader.Read(read.Content, settings.MaxSnapshotBytes);
        if (decoded.Meta.Version != pin)
        {
            throw new SnapshotFormatException(RefusalReasons.BadMeta, $"blob at {StoreKeys.Snapshot(pin)} holds version {decoded.Meta.Version}");
        }
        SwapIn(decoded, read.Content!);
        return true;
    }

    private void SwapIn(DecodedSnapshot decoded, byte[] blob)
    {
        Serve(decoded);
        LogSwapped(logger, decoded.Meta.Version, decoded.Meta.TrackCount);
        SaveToCache(() => _cache.SaveSnapshot(blob));
    }

    /// <summary>
    /// Every swap, from the store or the cache: serve it, count it, and reclaim what it replaced. Requests that
    /// still hold the previous catalog finish from its managed bytes once it is disposed.
    /// </summary>
    private void Serve(DecodedSnapshot snapshot)
    {
        state.Swap(ServingCatalog.From(snapshot, settings.SendFile))?.Dispose();
        metrics.RecordSwap();
        ScheduleCompaction();
    }

    /// <summary>
    /// A swap leaves the previous snapshot and everything its load allocated as garbage, and serving allocates
    /// (nearly) nothing, so no collection would come along to reclaim it: without this a node would hold the
    /// old snapshot's memory until some unrelated allocation triggered a full GC. One blocking, compacting,
    /// decommitting collection a moment after the swap returns it (measured: a few ms for 1,000 tracks).
    /// </summary>
    private void ScheduleCompaction()
    {
        if (Interlocked.Exchange(ref _compactionScheduled, 1) == 1)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            await Task.Delay(CompactionDelay, time);
            Volatile.Write(ref _compactionScheduled, 0);
            long started = time.GetTimestamp();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            LogCompacted(logger, time.GetElapsedTime(started).TotalMilliseconds, GC.GetTotalMemory(forceFullCollection: false));
        });
    }

    /// <summary>At boot, whatever the store could not give comes from the last-known-good copy, verified again.</summary>
    private void RestoreMissingFromCache()
    {
        try
        {
            if (state.Keys is null && _cache.LoadKeys() is { } keys)
            {
                state.Swap(KeySet.From(keys.File, keys.ETag));
                LogRestored(logger, "key set", keys.ETag ?? "unversioned", _cache.Directory);
            }
            if (state.Catalog is null && _cache.LoadSnapshot(settings.MaxSnapshotBytes) is { } snapshot
                && (settings.PinVersion is null || snapshot.Meta.Version == settings.PinVersion))
            {
                Serve(snapshot);
                LogRestored(logger, "snapshot", snapshot.Meta.Version, _cache.Directory);
            }
        }
        catch (Exception e) when (e is SnapshotFormatException or FormatException or IOException or UnauthorizedAccessException)
        {
            metrics.RecordRefused("cache_invalid");
            LogCacheFailed(logger, e.Message);
        }
    }

    private void SaveToCache(Action save)
    {
        try
        {
            save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogCacheFailed(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "watching {Store} every {IntervalMs} ms; pinned version {Pin}; cache {CacheDirectory}")]
    private static partial void LogWatching(ILogger logger, string store, double intervalMs, string pin, string cacheDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "key set {KeySetVersion} loaded: {Count} keys")]
    private static partial void LogKeysLoaded(ILogger logger, int count, string keySetVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "key set not reloaded, the previous one stays in force: {Problem}")]
    private static partial void LogKeysRefused(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "snapshot {Version} swapped in: {TrackCount} tracks")]
    private static partial void LogSwapped(ILogger logger, string version, int trackCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "heap compacted after a swap in {DurationMs:0.0} ms: {HeapBytes} bytes in the GC heap")]
    private static partial void LogCompacted(ILogger logger, double durationMs, long heapBytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "snapshot refused ({Reason}): {Problem}; still serving {Serving}")]
    private static partial void LogRefused(ILogger logger, string reason, string problem, string serving);

    [LoggerMessage(Level = LogLevel.Error, Message = "store poll failed: {Problem}; still serving {Serving}")]
    private static partial void LogStoreFailed(ILogger logger, string problem, string serving);

    [LoggerMessage(Level = LogLevel.Warning, Message = "serving the last-known-good {What} {Version} from {CacheDirectory}: the store could not provide one")]
    private static partial void LogRestored(ILogger logger, string what, string version, string cacheDirectory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "last-known-good cache: {Problem}")]
    private static partial void LogCacheFailed(ILogger logger, string problem);
}
