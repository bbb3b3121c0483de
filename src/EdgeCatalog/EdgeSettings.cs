using Layers.Catalog.Common;
using Layers.Catalog.Snapshots;

namespace Layers.EdgeCatalog;

/// <summary>The edge's configuration (SPEC §6), read once at start. See docs/operations.md.</summary>
internal sealed record EdgeSettings(string Store, TimeSpan PollInterval, long MaxSnapshotBytes)
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(30);

    /// <summary>Command line (<c>--store</c>) first, then the environment (<c>LAYERS_STORE</c>).</summary>
    public static EdgeSettings From(IConfiguration configuration)
    {
        string? store = configuration["store"] ?? configuration["LAYERS_STORE"];
        if (string.IsNullOrWhiteSpace(store))
        {
            throw new InvalidOperationException("no store: set LAYERS_STORE or pass --store (s3://bucket/prefix, file:///path or a path)");
        }
        string? poll = configuration["LAYERS_POLL_INTERVAL"];
        var interval = poll is null ? DefaultPollInterval : Durations.Parse(poll, "LAYERS_POLL_INTERVAL");
        return new EdgeSettings(store, interval, SnapshotFormat.DefaultMaxPayloadBytes);
    }
}
