using Layers.Catalog.Stores;
using Layers.EdgeCatalog;
using Layers.EdgeCatalog.Api;
using Layers.EdgeCatalog.DevMode;
using Layers.EdgeCatalog.Endpoints;
using Layers.EdgeCatalog.FastLane;
using Layers.EdgeCatalog.Loading;
using Layers.EdgeCatalog.Observability;
using Layers.EdgeCatalog.Operations;
using Layers.EdgeCatalog.Serving;
using Layers.EdgeCatalog.Tls;
using Layers.EdgeCatalog.Transport;
using Microsoft.AspNetCore.Connections;

if (args is ["healthcheck", ..])
{
    // For container HEALTHCHECKs: chiseled images have no shell or curl, so the binary checks itself.
    return await HealthCheck.RunAsync();
}

// Socket completions run on the epoll thread instead of hopping to the thread pool. Read once, by the socket
// engine's static constructor on first use, so setting it here (before any socket exists) is in time. Safe
// because nothing on a request path blocks: answers are precomputed bytes and all I/O is async.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
// Settings come from LAYERS_* variables, read once. Watching appsettings.json for changes would put an inotify
// watch on every directory under the working directory at boot — about 20 ms of a 40 ms cold start when that
// is a source tree (bench/RESULTS.md) — for a file the edge does not use.
Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
var urls = HostUrls.Take(ref args); // bound per endpoint below: TLS on https://, the fast lane on http://
var builder = WebApplication.CreateSlimBuilder(args);
// Same reason for Kestrel's own pipes: continue inline, not through a thread-pool work item per read.
builder.WebHost.UseSockets(sockets =>
{
    sockets.UnsafePreferInlineScheduling = true;
    sockets.WaitForDataBeforeAllocatingBuffer = false;
});
// One JSON object a line. Per-request hosting logs cost more than the request itself; requests are
// counted in /metrics instead. Nothing logs request headers, so a key never reaches a log.
builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(json =>
{
    json.UseUtcTimestamp = true;
    json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
});
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

EdgeSettings settings;
ListenSettings listen;
CertificateReloader.FirstLoad? certificate;
IObjectStore store;
try
{
    settings = EdgeSettings.From(builder.Configuration);
    listen = ListenSettings.From(urls, builder.Configuration);
    certificate = listen.Tls is { } files ? CertificateReloader.Load(files) : null;
    store = ObjectStores.Open(settings.Store);
}
catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or CertificateFileException)
{
    Console.Error.WriteLine($"EdgeCatalog: {e.Message}");
    return 2;
}

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    if (settings.KeepAliveTimeout is { } keepAlive)
    {
        kestrel.Limits.KeepAliveTimeout = keepAlive;
    }
    foreach (var url in listen.Urls)
    {
        EndpointBinder.Bind(kestrel, url, endpoint =>
        {
            if (ListenSettings.IsHttps(url))
            {
                // TLS connections take Kestrel's pipeline: the fast lane writes to the raw socket.
                endpoint.UseHttps(kestrel.ApplicationServices.GetRequiredService<CertificateReloader>().HandshakeOptions);
            }
            else if (settings.FastLane)
            {
                FastLaneConnection.Use(endpoint);
            }
        });
    }
});
if (settings.EpollTransport && EpollTransport.IsAvailable)
{
    // Registered after UseSockets, so Kestrel binds TCP endpoints with it; Kestrel's sockets remain for the rest.
    builder.Services.AddSingleton<IConnectionListenerFactory, EpollTransport>();
}
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(store);
builder.Services.AddSingleton<CatalogState>();
builder.Services.AddSingleton<EdgeMetrics>();
FastLaneConnection.AddServices(builder.Services);
builder.Services.AddHostedService<CatalogWatcher>();
if (certificate is { } first)
{
    builder.Services.AddSingleton(services => new CertificateReloader(first, settings.PollInterval,
        services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<CertificateReloader>>()));
    builder.Services.AddHostedService(services => services.GetRequiredService<CertificateReloader>());
}
builder.Services.AddCatalogOpenApi();

var app = builder.Build();
app.UseRequestMetrics(app.Services.GetRequiredService<EdgeMetrics>());
app.MapCatalogApi();
app.MapOperations();
app.MapOpenApi(OpenApiDocument.Path);
if (settings.DevMode)
{
    app.MapDevMode();
}
await app.RunAsync();
return 0;

