using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FeedServer? server = null;
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
            string body = $"{{\"items\":[{string.Join(',', items)}],\"nextCursor\":{(next is null ? "null" : $"\"{next}\"")}}}";
            return Results.Text(body, "application/json");
        });
        routes?.Invoke(app);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FeedServer(app, address + "/feed");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
