using Layers.Catalog.Keys;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.EdgeCatalog.Auth;
using Layers.EdgeCatalog.Serving;

namespace Layers.EdgeCatalog.Loading;

/// <summary>
/// Loads the key set and the announced snapshot at start, then watches both with conditional GETs on a
/// jittered interval. A new snapshot is fetched, checked against the manifest, decoded and verified,
/// precomputed — all off the request path — and only then swapped in. Anything that fails leaves the
/// node serving what it had; the same manifest is tried again on the next poll.
/// </summary>
internal sealed partial class CatalogWatcher(EdgeSettings settings, IObjectStore store, CatalogState state, ILogger<CatalogWatcher> logger) : BackgroundService
{
    private readonly SnapshotRetriever _retriever = new(store);
    private readonly KeyFileStore _keyFiles = new(store);
    private string? _manifestETag;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogWatching(logger, store.Description, settings.PollInterval.TotalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            await PollOnceAsync(stoppingToken);
            // ±10% jitter so a fleet started together does not poll the store in lockstep.
            var delay = settings.PollInterval * (0.9 + Random.Shared.NextDouble() * 0.2);
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        await ReloadKeysAsync(cancellationToken);
        await ReloadSnapshotAsync(cancellationToken);
    }

    private async Task ReloadKeysAsync(CancellationToken cancellationToken)
    {
        try
        {
            var file = await _keyFiles.ReadAsync(state.Keys?.ETag, cancellationToken);
            if (file is not null)
            {
                var keys = KeySet.From(file.File, file.ETag);
                state.Swap(keys);
                LogKeysLoaded(logger, keys.Count);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogKeysRefused(logger, e.Message);
        }
    }

    private async Task ReloadSnapshotAsync(CancellationToken cancellationToken)
    {
        try
        {
            var announced = await _retriever.ReadManifestAsync(_manifestETag, cancellationToken);
            if (announced is null)
            {
                return;
            }
            if (announced.Manifest.Version == state.Catalog?.Version)
            {
                _manifestETag = announced.ETag;
                return;
            }
            byte[] blob = await _retriever.ReadBlobAsync(announced.Manifest, settings.MaxSnapshotBytes, cancellationToken);
            var decoded = SnapshotReader.Read(blob, settings.MaxSnapshotBytes);
            if (decoded.Meta.Version != announced.Manifest.Version || decoded.Meta.TrackCount != announced.Manifest.TrackCount)
            {
                throw new SnapshotFormatException(RefusalReasons.BadMeta,
                    $"blob holds {decoded.Meta.Version} with {decoded.Meta.TrackCount} tracks; the manifest announces {announced.Manifest.Version} with {announced.Manifest.TrackCount}");
            }
            state.Swap(ServingCatalog.From(decoded));
            _manifestETag = announced.ETag;
            LogSwapped(logger, decoded.Meta.Version, decoded.Meta.TrackCount);
        }
        catch (SnapshotFormatException e)
        {
            LogRefused(logger, e.Reason, e.Message, state.Catalog?.Version ?? "none");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreFailed(logger, e.Message, state.Catalog?.Version ?? "none");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "watching {Store} every {IntervalSeconds} s")]
    private static partial void LogWatching(ILogger logger, string store, double intervalSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "key set loaded: {Count} keys")]
    private static partial void LogKeysLoaded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "key set not reloaded, the previous one stays in force: {Problem}")]
    private static partial void LogKeysRefused(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "snapshot {Version} swapped in: {TrackCount} tracks")]
    private static partial void LogSwapped(ILogger logger, string version, int trackCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "snapshot refused ({Reason}): {Problem}; still serving {Serving}")]
    private static partial void LogRefused(ILogger logger, string reason, string problem, string serving);

    [LoggerMessage(Level = LogLevel.Error, Message = "store poll failed: {Problem}; still serving {Serving}")]
    private static partial void LogStoreFailed(ILogger logger, string problem, string serving);
}
