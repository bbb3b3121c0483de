using Layers.Catalog.Media;
using Layers.Catalog.Stores;

namespace Layers.EdgeCatalog.DevMode;

/// <summary>
/// Dev mode (<c>LAYERS_DEV_MODE=1</c>, as <c>scripts/dev.sh</c> runs it): the track picker at <c>/picker</c>, and the
/// mirrored media read from the store at <c>/media/music/{id}/…</c> so previews play without a CDN. Never on in
/// production: the picker is a development aid, and media belongs on the media host.
/// </summary>
internal static class DevModeApi
{
    private const long MaxMediaBytes = 16L * 1024 * 1024;

    public static void MapDevMode(this IEndpointRouteBuilder app)
    {
        byte[] page;
        using (var resource = typeof(DevModeApi).Assembly.GetManifestResourceStream("Layers.EdgeCatalog.DevMode.picker.html")!)
        using (var copy = new MemoryStream())
        {
            resource.CopyTo(copy);
            page = copy.ToArray();
        }
        app.MapGet("/picker", context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            return context.Response.Body.WriteAsync(page).AsTask();
        });

        var store = app.ServiceProvider.GetRequiredService<IObjectStore>();
        app.MapGet("/media/music/{id:guid}/{file}", async context =>
        {
            string file = (string)context.Request.RouteValues["file"]!;
            string? type = file switch
            {
                "preview.mp3" => "audio/mpeg",
                "cover.jpg" => "image/jpeg",
                _ => null,
            };
            var read = type is null ? ObjectRead.NotFound
                : await store.ReadAsync($"music/{context.Request.RouteValues["id"]}/{file}", MaxMediaBytes, cancellationToken: context.RequestAborted);
            if (read.Status != ReadStatus.Found)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            // Covers keep their real type under cover.jpg (see docs/decisions.md): sniffed, as the builder did.
            context.Response.ContentType = file == "cover.jpg" ? ContentSniffer.ImageType(read.Content) ?? type : type;
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            await context.Response.Body.WriteAsync(read.Content, context.RequestAborted);
        });
    }
}
