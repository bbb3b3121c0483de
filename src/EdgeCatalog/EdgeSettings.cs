using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Layers.Catalog.Common;
using Layers.Catalog.Snapshots;

namespace Layers.EdgeCatalog;

/// <summary>The edge's configuration (docs/contract/edge.md), read once at start. Every variable is listed in docs/operations.md.</summary>
internal sealed record EdgeSettings(string Store, TimeSpan PollInterval, string? PinVersion, string CacheDirectory, long MaxSnapshotBytes, bool DevMode = false, bool FastLane = true, TimeSpan? KeepAliveTimeout = null,
    bool SendFile = true, bool EpollTransport = true)
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between retries after failures, whatever the interval.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Command line (<c>--store</c>) first, then the environment (<c>LAYERS_*</c>).</summary>
    public static EdgeSettings From(IConfiguration configuration)
    {
        string? store = configuration["store"] ?? configuration["LAYERS_STORE"];
        if (string.IsNullOrWhiteSpace(store))
        {
            throw new InvalidOperationException("no store: set LAYERS_STORE or pass --store (s3://bucket/prefix, file:///path or a path)");
        }
        string? poll = configuration["LAYERS_POLL_INTERVAL"];
        var interval = string.IsNullOrWhiteSpace(poll) ? DefaultPollInterval : Durations.Parse(poll, "LAYERS_POLL_INTERVAL");
        string? pin = configuration["LAYERS_PIN_VERSION"];
        if (!string.IsNullOrWhiteSpace(pin) && pin.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new FormatException($"LAYERS_PIN_VERSION '{pin}' is not a snapshot version");
        }
        // The cache is per store: two edges on one machine with different stores must never boot from
        // each other's last-known-good copy.
        string cacheRoot = configuration["LAYERS_CACHE_DIR"] is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "layers-edge-cache");
        string storeHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(store)))[..16];
        long cap = MaxSnapshotBytesFrom(configuration["LAYERS_MAX_SNAPSHOT_BYTES"]);
        bool devMode = configuration["LAYERS_DEV_MODE"] is "1" or "true";
        // Behind a load balancer this must exceed the balancer's idle timeout, or it races the node's closes.
        string? keepAlive = configuration["LAYERS_KEEP_ALIVE_TIMEOUT"];
        TimeSpan? keepAliveTimeout = string.IsNullOrWhiteSpace(keepAlive) ? null : Durations.Parse(keepAlive, "LAYERS_KEEP_ALIVE_TIMEOUT");
        return new EdgeSettings(store, interval, string.IsNullOrWhiteSpace(pin) ? null : pin.Trim(), Path.Combine(cacheRoot, storeHash), cap, devMode,
            OnOff(configuration, "LAYERS_FAST_LANE"), keepAliveTimeout, OnOff(configuration, "LAYERS_SENDFILE"), Transport(configuration));
    }

    /// <summary>LAYERS_MAX_SNAPSHOT_BYTES: a positive whole number of bytes; unset means the format's default cap.</summary>
    private static long MaxSnapshotBytesFrom(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return SnapshotFormat.DefaultMaxPayloadBytes;
        }
        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) && bytes > 0
            ? bytes
            : throw new FormatException($"LAYERS_MAX_SNAPSHOT_BYTES '{text}' is not a positive whole number of bytes");
    }

    /// <summary>LAYERS_TRANSPORT: <c>epoll</c> (the edge's own, the default where it runs) or <c>sockets</c> (Kestrel's).</summary>
    private static bool Transport(IConfiguration configuration) => configuration["LAYERS_TRANSPORT"] switch
    {
        null or "" or "epoll" => true,
        "sockets" => false,
        var other => throw new FormatException($"LAYERS_TRANSPORT '{other}' is not epoll or sockets"),
    };

    private static bool OnOff(IConfiguration configuration, string name) => configuration[name] switch
    {
        null or "" or "1" or "on" or "true" => true,
        "0" or "off" or "false" => false,
        var other => throw new FormatException($"{name} '{other}' is not on or off"),
    };
}
