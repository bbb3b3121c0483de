using Layers.Catalog.Stores;
using Layers.EdgeCatalog;
using Layers.EdgeCatalog.Api;
using Layers.EdgeCatalog.Loading;
using Layers.EdgeCatalog.Operations;
using Layers.EdgeCatalog.Serving;

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
// Per-request hosting logs cost more than the request itself; status counts belong in metrics.
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
builder.Services.AddHostedService<CatalogWatcher>();

var app = builder.Build();
app.MapCatalogApi();
app.MapOperations();
await app.RunAsync();
return 0;
