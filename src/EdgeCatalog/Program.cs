using Layers.Catalog.Stores;
using Layers.EdgeCatalog;
using Layers.EdgeCatalog.Api;
using Layers.EdgeCatalog.DevMode;
using Layers.EdgeCatalog.Loading;
using Layers.EdgeCatalog.Observability;
using Layers.EdgeCatalog.Operations;
using Layers.EdgeCatalog.Serving;

if (args is ["healthcheck", ..])
{
    // For container HEALTHCHECKs: chiseled images have no shell or curl, so the binary checks itself.
    return await HealthCheck.RunAsync();
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
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
IObjectStore store;
try
{
    settings = EdgeSettings.From(builder.Configuration);
    store = ObjectStores.Open(settings.Store);
}
catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
{
    Console.Error.WriteLine($"EdgeCatalog: {e.Message}");
    return 2;
}

builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(store);
builder.Services.AddSingleton<CatalogState>();
builder.Services.AddSingleton<EdgeMetrics>();
builder.Services.AddHostedService<CatalogWatcher>();
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
