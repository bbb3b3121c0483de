using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Layers.EdgeCatalog.Serving;

namespace Layers.EdgeCatalog.Observability;

/// <summary>
/// The edge's metrics, as System.Diagnostics.Metrics instruments on the meter <see cref="MeterName"/>
/// (so dotnet-counters and any OpenTelemetry collector see them) and as Prometheus text at /metrics.
/// Recording is an interlocked increment on a series created once; every instrument is observable, so
/// tags and measurements are only materialized when somebody collects.
/// </summary>
internal sealed class EdgeMetrics : IDisposable
{
    public const string MeterName = "Layers.EdgeCatalog";

    /// <summary>Fixed when the GC starts: the edge embeds 4 MiB (EdgeCatalog.csproj), DOTNET_GCGen0MaxBudget overrides it.</summary>
    private static readonly long Gen0MaxBudget =
        GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out object? budget) && budget is long bytes ? bytes : 0;

    private readonly Meter _meter = new(MeterName);
    private readonly ConcurrentDictionary<(string Route, int Status), StrongBox<long>> _requests = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _refused = new(StringComparer.Ordinal);
    private long _swaps;
    private long _snapshotPolls;
    private long _keyReloads;
    private long _fastLaneRequests;
    private long _handoffs;

    public EdgeMetrics(CatalogState state, TimeProvider time)
    {
        _meter.CreateObservableCounter("layers_http_requests", () => _requests.Select(series => new Measurement<long>(
            Volatile.Read(ref series.Value.Value),
            new KeyValuePair<string, object?>("route", series.Key.Route),
            new KeyValuePair<string, object?>("status", series.Key.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            description: "HTTP requests by route and status");
        _meter.CreateObservableCounter("layers_fast_lane_requests", () => Volatile.Read(ref _fastLaneRequests),
            description: "Requests answered by the fast lane straight from the connection (also in layers_http_requests)");
        _meter.CreateObservableCounter("layers_fast_lane_handoffs", () => Volatile.Read(ref _handoffs),
            description: "Connections the fast lane handed to Kestrel's HTTP pipeline at a request it does not answer");
        _meter.CreateObservableCounter("layers_snapshot_swaps", () => Volatile.Read(ref _swaps),
            description: "Snapshots swapped in since start");
        _meter.CreateObservableCounter("layers_snapshot_polls", () => Volatile.Read(ref _snapshotPolls),
            description: "Snapshot checks finished, whatever their outcome: the manifest read (conditionally), or a pinned node's version confirmed");
        _meter.CreateObservableCounter("layers_snapshot_refused", () => _refused.Select(series => new Measurement<long>(
            Volatile.Read(ref series.Value.Value), new KeyValuePair<string, object?>("reason", series.Key))),
            description: "Snapshot loads refused, by reason");
        _meter.CreateObservableGauge("layers_snapshot_info", () => state.Catalog is { } catalog
            ? [new Measurement<long>(1, new KeyValuePair<string, object?>("version", catalog.Version))]
            : Array.Empty<Measurement<long>>(),
            description: "The snapshot version being served (value 1)");
        _meter.CreateObservableGauge("layers_snapshot_age_seconds", () => state.Catalog is { } catalog
            ? [new Measurement<double>((time.GetUtcNow() - catalog.Meta.CreatedAt).TotalSeconds)]
            : Array.Empty<Measurement<double>>(),
            unit: "s", description: "Age of the snapshot being served, from its build time");
        _meter.CreateObservableGauge("layers_snapshot_tracks", () => state.Catalog is { } catalog
            ? [new Measurement<long>(catalog.Meta.TrackCount)]
            : Array.Empty<Measurement<long>>(),
            description: "Trending tracks in the snapshot being served");
        _meter.CreateObservableGauge("layers_keyset_info", () => state.Keys is { } keys
            ? [new Measurement<long>(keys.Count, new KeyValuePair<string, object?>("version", keys.Version))]
            : Array.Empty<Measurement<long>>(),
            description: "Keys in the key set in force, labelled with the key file's version (its ETag)");
        _meter.CreateObservableCounter("layers_keyset_reloads", () => Volatile.Read(ref _keyReloads),
            description: "Key sets loaded since start");
        // Process-wide, from the runtime: the load benchmark divides its increase by the requests served.
        _meter.CreateObservableCounter("layers_process_allocated_bytes", () => GC.GetTotalAllocatedBytes(precise: false),
            unit: "By", description: "Bytes allocated by the process since start (GC.GetTotalAllocatedBytes)");
        _meter.CreateObservableGauge("layers_process_gc_heap_bytes", () => GC.GetTotalMemory(forceFullCollection: false),
            unit: "By", description: "Bytes in the GC heap: live objects and garbage not yet collected (GC.GetTotalMemory)");
        _meter.CreateObservableCounter("layers_process_gc_collections", () => new[]
            {
                new Measurement<long>(GC.CollectionCount(0), new KeyValuePair<string, object?>("generation", "0")),
                new Measurement<long>(GC.CollectionCount(1), new KeyValuePair<string, object?>("generation", "1")),
                new Measurement<long>(GC.CollectionCount(2), new KeyValuePair<string, object?>("generation", "2")),
            },
            description: "Garbage collections since start, by generation (a collection of generation N also counts for every lower one)");
        _meter.CreateObservableGauge("layers_process_gc_gen0_max_budget_bytes", () => Gen0MaxBudget,
            unit: "By", description: "The largest gen0 allocation budget the GC was configured with (GCGen0MaxBudget; the edge embeds 4 MiB)");
        _meter.CreateObservableGauge("layers_process_resident_memory_bytes", () => Environment.WorkingSet,
            unit: "By", description: "Resident set size of the process (Environment.WorkingSet)");
        _meter.CreateObservableGauge("layers_snapshot_body_file_bytes", () => state.Catalog?.BodyFileBytes ?? 0,
            unit: "By", description: "Bytes of the served snapshot's large bodies kept in an in-memory file for sendfile (shared memory: not in the RSS)");
        _meter.CreateObservableGauge("layers_ready", () => state.Catalog is not null && state.Keys is not null ? 1 : 0,
            description: "1 when a valid snapshot and key set are loaded");
    }

    public void RecordRequest(string route, int status) =>
        Interlocked.Increment(ref _requests.GetOrAdd((route, status), static _ => new StrongBox<long>()).Value);

    /// <summary>Requests answered by the fast lane (they are counted by route and status too).</summary>
    public void RecordFastLane(int requests) => Interlocked.Add(ref _fastLaneRequests, requests);

    /// <summary>Connections the fast lane handed to Kestrel's HTTP handling.</summary>
    public void RecordHandoff() => Interlocked.Increment(ref _handoffs);

    public void RecordSwap() => Interlocked.Increment(ref _swaps);

    /// <summary>One check of the store for a new snapshot has finished (at boot or on the poll loop), whatever it found.</summary>
    public void RecordSnapshotPoll() => Interlocked.Increment(ref _snapshotPolls);

    public void RecordRefused(string reason) =>
        Interlocked.Increment(ref _refused.GetOrAdd(reason, static _ => new StrongBox<long>()).Value);

    public void RecordKeyReload() => Interlocked.Increment(ref _keyReloads);

    public void Dispose() => _meter.Dispose();
}
