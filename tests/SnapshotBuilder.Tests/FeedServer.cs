using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>A paged feed (docs/contract/feed-formats.md) on 127.0.0.1: pages of items, with a fault injectable on a given page.</summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FeedServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public List<string> RequestedCursors { get; } = [];

    /// <param name="itemsJson">The feed's items; <c>{base}</c> in them is replaced by this server's address.</param>
    /// <param name="failOnPage">A page that always answers 503.</param>
    /// <param name="routes">More routes on the same server, e.g. media.</param>
    public static async Task<FeedServer> StartAsync(IReadOnlyList<string> itemsJson, int pageSize, int? failOnPage = null, Action<WebApplication>? routes = null)
    {
        FeedServer? server = null;
        var (app, address) = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/feed", (HttpContext context) =>
            {
                string? cursor = context.Request.Query["cursor"];
                lock (server!.RequestedCursors)
                {
                    server.RequestedCursors.Add(cursor ?? "");
                }
                int page = cursor is null ? 0 : int.Parse(cursor[1..]);
                if (page + 1 == failOnPage)
                {
                    return Results.StatusCode(503);
                }
                string origin = $"{context.Request.Scheme}://{context.Request.Host}";
                var items = itemsJson.Skip(page * pageSize).Take(pageSize).Select(item => item.Replace("{base}", origin, StringComparison.Ordinal));
                string? next = (page + 1) * pageSize < itemsJson.Count ? $"p{page + 1}" : null;
                return Results.Text(FeedPage.Json(items, next), "application/json");
            });
            routes?.Invoke(app);
        });
        server = new FeedServer(app, address + "/feed");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
