using Layers.EdgeCatalog.Observability;
using Layers.EdgeCatalog.Serving;

namespace Layers.EdgeCatalog.Operations;

/// <summary>/healthz (process up), /readyz (a valid snapshot and key set loaded), /metrics (Prometheus). No key, no catalog data.</summary>
internal static class OperationsApi
{
    public static void MapOperations(this IEndpointRouteBuilder app)
    {
        var state = app.ServiceProvider.GetRequiredService<CatalogState>();
        app.MapGet("/healthz", static context => Plain(context, StatusCodes.Status200OK, "text/plain; charset=utf-8", "ok\n"));
        app.MapGet("/readyz", context => state.Catalog is { } catalog && state.Keys is not null
            ? Plain(context, StatusCodes.Status200OK, "text/plain; charset=utf-8", $"ready {catalog.Version}\n")
            : Plain(context, StatusCodes.Status503ServiceUnavailable, "text/plain; charset=utf-8", "not ready: no valid snapshot and key set loaded yet\n"));
        app.MapGet("/metrics", static context =>
            Plain(context, StatusCodes.Status200OK, PrometheusExporter.ContentType, PrometheusExporter.Scrape(EdgeMetrics.MeterName)));
    }

    private static Task Plain(HttpContext context, int status, string contentType, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(text);
    }
}
