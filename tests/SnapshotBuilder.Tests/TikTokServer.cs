using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Layers.SnapshotBuilder.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>
/// TikTok as the builder meets it, on 127.0.0.1: the music objects' paged feed (<c>/api/music</c>), TikTok API for
/// Business's CML trending list (<c>/open_api/v1.3/discovery/cml/trending_list/</c>: token check, error envelope, a
/// 429 then success, TikTok's in-body rate limit), bad answers (HTML, an empty list, unknown shapes, a huge page),
/// and CDN media under any host name. <see cref="Fetch"/> connects every host to this server, so items can carry
/// real-looking CDN hosts (<c>v16m.tiktokcdn.com</c>, <c>p16-sign-va.tiktokcdn.com</c>) and the host allow-list
/// is exercised by name. Every request is counted by host and path.
/// </summary>
public sealed class TikTokServer : IAsyncDisposable
{
    public const string Token = "act.4f1d2c3b5a6e7f8091a2b3c4d5e6f7a8b9c0d1e2f3a4";
    public const string ApiHost = "business-api.tiktok.test";
    public const string TrendingListPath = "/open_api/v1.3/discovery/cml/trending_list/";

    private static readonly byte[] GoodMp3 = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "audio", "sine-1k-m10db.mp3"));
    private static readonly byte[] Jpeg = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "feed", "media", "cover-01.jpg"));

    private readonly WebApplication _app;
    private readonly int _port;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    private TikTokServer(WebApplication app, int port)
    {
        _app = app;
        _port = port;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, _port, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Items of <c>/api/music</c> (raw JSON), two a page.</summary>
    public List<string> MusicItems { get; } = [];

    /// <summary>The trending list per <c>country_code</c> (raw JSON items).</summary>
    public Dictionary<string, List<string>> TrendingLists { get; } = [];

    /// <summary>Whether any request but the trending list's carried an <c>Access-Token</c>.</summary>
    public bool TokenSentElsewhere { get; private set; }

    /// <summary>How often <c>host + path</c> was asked (query left out).</summary>
    public int Hits(string url)
    {
        var uri = new Uri(url);
        return _hits.GetValueOrDefault(uri.Host + uri.AbsolutePath);
    }

    public string Url(string pathAndQuery) => $"http://{ApiHost}{pathAndQuery}";

    public string TrendingListUrl(string country) => Url($"{TrendingListPath}?business_id=7300000000000000001&country_code={country}&date_range=7DAY");

    /// <summary>A fetch whose every connection goes to this server, whatever host a URL names.</summary>
    public HttpFetch Fetch(int retries = 2) => new(_http, TimeSpan.FromSeconds(10), retries, TimeSpan.FromMilliseconds(20));

    public static async Task<TikTokServer> StartAsync()
    {
        TikTokServer? server = null;
        var (app, address) = await LoopbackApp.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                server!._hits.AddOrUpdate(context.Request.Host.Host + context.Request.Path, 1, (_, n) => n + 1);
                if (context.Request.Path != TrendingListPath && context.Request.Headers.ContainsKey("Access-Token"))
                {
                    server.TokenSentElsewhere = true;
                }
                await next(context);
            });
            app.MapGet("/api/music", (HttpContext context) => server!.MusicPage(context.Request.Query["cursor"]));
            app.MapGet(TrendingListPath, (HttpContext context) => server!.TrendingList(context));
            app.MapGet("/html", () => Results.Text("<!DOCTYPE html><html><head><title>Verify you are human</title></head><body>captcha</body></html>", "text/html"));
            app.MapGet("/empty", () => Results.Text("""{"items":[],"nextCursor":null}""", "application/json"));
            app.MapGet("/unknown", () => Results.Text("""{"items":[{"aweme_id":"7300000000000000009","desc":"a video"},{"aweme_id":"7300000000000000010"}],"nextCursor":null}""", "application/json"));
            app.MapGet("/huge", async (HttpContext context) =>
            {
                context.Response.ContentType = "application/json"; // streamed without a length: the cap must bite mid-body
                await context.Response.WriteAsync("""{"items":[""");
                for (int i = 0; i < 20_000; i++)
                {
                    await context.Response.WriteAsync((i == 0 ? "" : ",") + """{"id_str":"7300000000000000001","title":"padding padding padding padding"}""");
                }
                await context.Response.WriteAsync("""],"nextCursor":null}""");
            });
            app.MapGet("{**path}", (HttpContext context) => Media(context.Request.Path.Value ?? "")); // every other path, file-like ones included
        });
        server = new TikTokServer(app, new Uri(address).Port);
        return server;
    }

    private IResult MusicPage(string? cursor)
    {
        int page = cursor is null ? 0 : int.Parse(cursor[1..]);
        var items = MusicItems.Skip(page * 2).Take(2);
        string? next = (page + 1) * 2 < MusicItems.Count ? $"p{page + 1}" : null;
        return Results.Text(FeedPage.Json(items, next), "application/json");
    }

    /// <summary>
    /// country_code: a known list answers it; <c>RL</c> answers an HTTP 429 first, <c>TL</c> TikTok's code 40100 first;
    /// <c>JP</c> is always rate limited; anything else is TikTok's 40002 parameter error.
    /// </summary>
    private IResult TrendingList(HttpContext context)
    {
        string requestId = $"202612020830{Interlocked.Increment(ref _requests):D4}ABCDEF";
        string given = context.Request.Headers["Access-Token"].ToString();
        if (given != Token)
        {
            // Echoes the token it was given, as some upstreams do: the builder must scrub it from what it reports.
            return Envelope(40105, $"Access token '{given}' is invalid or has expired. Please refresh the access token.", requestId);
        }
        string country = context.Request.Query["country_code"].ToString();
        int asked = _hits.AddOrUpdate("country:" + country, 1, (_, n) => n + 1);
        if (country == "RL" && asked == 1)
        {
            return Results.StatusCode(429);
        }
        if ((country == "TL" && asked == 1) || country == "JP")
        {
            return Envelope(40100, "Requests made too frequently. Please try again later.", requestId);
        }
        if (!TrendingLists.TryGetValue(country, out var list) && !TrendingLists.TryGetValue("*", out list))
        {
            return Envelope(40002, $"country_code: {country} is not supported.", requestId);
        }
        return Results.Text($$$"""{"code":0,"message":"OK","request_id":"{{{requestId}}}","data":{"list":[{{{string.Join(',', list)}}}]}}""", "application/json");
    }

    private int _requests;

    private static IResult Envelope(int code, string message, string requestId) =>
        Results.Text($$$"""{"code":{{{code}}},"message":"{{{message}}}","request_id":"{{{requestId}}}","data":{}}""", "application/json");

    /// <summary>CDN media: a path with <c>forbidden</c> answers 403 (an expired or bad signature); else by its extension.</summary>
    private static IResult Media(string path) =>
        path.Contains("forbidden", StringComparison.Ordinal) ? Results.StatusCode(403)
        : path.EndsWith(".mp3", StringComparison.Ordinal) ? Results.Bytes(GoodMp3, "audio/mpeg")
        : path.EndsWith(".jpeg", StringComparison.Ordinal) || path.EndsWith(".jpg", StringComparison.Ordinal) ? Results.Bytes(Jpeg, "image/jpeg")
        : Results.NotFound();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }
}
