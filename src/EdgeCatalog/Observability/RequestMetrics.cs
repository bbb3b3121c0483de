namespace Layers.EdgeCatalog.Observability;

/// <summary>Counts every response by route template and status. Synchronous handlers take the fast path: no state machine, no allocation.</summary>
internal static class RequestMetrics
{
    private const string Unmatched = "unmatched";

    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app, EdgeMetrics metrics) =>
        app.Use(next => context =>
        {
            Task pending;
            try
            {
                pending = next(context);
            }
            catch
            {
                metrics.RecordRequest(RouteOf(context), StatusCodes.Status500InternalServerError);
                throw;
            }
            if (pending.IsCompletedSuccessfully)
            {
                metrics.RecordRequest(RouteOf(context), context.Response.StatusCode);
                return Task.CompletedTask;
            }
            return Awaited(pending, context, metrics);
        });

    private static async Task Awaited(Task pending, HttpContext context, EdgeMetrics metrics)
    {
        try
        {
            await pending;
            metrics.RecordRequest(RouteOf(context), context.Response.StatusCode);
        }
        catch
        {
            metrics.RecordRequest(RouteOf(context), StatusCodes.Status500InternalServerError);
            throw;
        }
    }

    private static string RouteOf(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? Unmatched;
}
