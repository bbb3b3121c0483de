using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Layers.PublishClient;
using Microsoft.AspNetCore.ResponseCompression;

// The "plain ASP.NET Core" answer to GET /v1/tiktok-music, written the way a team would without the
// product: the tracks live in a List, every request serializes them, the response-compression middleware
// compresses on the fly, the ETag is a hash of the serialized body. It does the same checks as the edge
// (SHA-256 of the bearer key, compared in constant time) so that only the architecture differs.
//   NaiveServer --tracks <identity list body .json> --key-sha256 <hex> --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddResponseCompression(options =>
{
    options.Providers.Add<BrotliCompressionProvider>();
    options.Providers.Add<GzipCompressionProvider>();
});
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
var catalog = JsonSerializer.Deserialize<CatalogBody>(File.ReadAllBytes(builder.Configuration["tracks"]!), json)!;
byte[] keyHash = Convert.FromHexString(builder.Configuration["key-sha256"]!);

var app = builder.Build();
app.UseResponseCompression();
app.MapGet("/v1/tiktok-music", (HttpContext context) =>
{
    string authorization = context.Request.Headers.Authorization.ToString();
    if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)
        || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(authorization[7..])), keyHash))
    {
        return Results.Json(new ErrorBody(new ErrorDetail("invalid_key", "The API key is unknown, revoked or expired.")), json, statusCode: 401);
    }
    byte[] body = JsonSerializer.SerializeToUtf8Bytes(new CatalogBody(catalog.Tracks.ToList(), catalog.Tracks.Count), json);
    string etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))}\"";
    context.Response.Headers.ETag = etag;
    context.Response.Headers.CacheControl = "private, max-age=60";
    if (context.Request.Headers.IfNoneMatch == etag)
    {
        return Results.StatusCode(304);
    }
    return Results.Bytes(body, "application/json");
});
// For the load driver: the runtime's own process-wide allocation counter.
app.MapGet("/allocated-bytes", () => GC.GetTotalAllocatedBytes(precise: false).ToString(System.Globalization.CultureInfo.InvariantCulture));
app.Run();

// The list's track is the client's CatalogTrack: the same fields in the same order, so the same bytes.
internal sealed record CatalogBody(List<CatalogTrack> Tracks, int Total);

internal sealed record ErrorBody(ErrorDetail Error);

internal sealed record ErrorDetail(string Code, string Message);
