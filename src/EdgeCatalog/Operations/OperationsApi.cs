using Layers.EdgeCatalog.Serving;

namespace Layers.EdgeCatalog.Operations;

/// <summary>/healthz (process up) and /readyz (a valid snapshot and key set loaded). No key, no catalog data.</summary>
internal static class OperationsApi
{
    public static void MapOperations(this IEndpointRouteBuilder app)
    {
        var state = app.ServiceProvider.GetRequiredService<CatalogState>();
        app.MapGet("/healthz", static context => Plain(context, StatusCodes.Status200OK, "ok\n"));
        app.MapGet("/readyz", context => state.Catalog is { } catalog && state.Keys is not null
            ? Plain(context, StatusCodes.Status200OK, $"ready {catalog.Version}\n")
            : Plain(context, StatusCodes.Status503ServiceUnavailable, "not ready: no valid snapshot and key set loaded yet\n"));
    }

    private static Task Plain(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(text);
    }
}
