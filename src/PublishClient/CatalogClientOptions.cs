namespace Layers.PublishClient;

/// <summary>Settings of a <see cref="TikTokMusicCatalogClient"/>.</summary>
public sealed class CatalogClientOptions
{
    /// <summary>The edge's base address (e.g. <c>https://catalog.layers.com/</c>). When null, the HttpClient's own BaseAddress is used.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>An API key with the <c>publish:read</c> scope. Sent as a Bearer credential; never logged.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>How often <see cref="TikTokMusicCatalogClient.RunAsync"/> polls while all is well. Default 30 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between polls after consecutive failures. Default 5 minutes.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time limit for one request, body included. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Cap on a response body, before and after decompression. Default 64 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Content codings to ask for, in order of preference. Supported: zstd, br, gzip (identity is always acceptable).</summary>
    public IList<string> AcceptEncodings { get; } = ["zstd", "br", "gzip"];
}
