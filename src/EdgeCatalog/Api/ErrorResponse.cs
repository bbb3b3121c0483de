using System.Buffers;
using System.Text.Json;
using Layers.EdgeCatalog.Serving;

namespace Layers.EdgeCatalog.Api;

/// <summary>A precomputed error: its code, and its response (<see cref="CatalogResponse.Error"/>) with the body <c>{"error":{"code":…,"message":…}}</c>.</summary>
internal sealed class ErrorResponse
{
    private ErrorResponse(int status, string code, string message, string? wwwAuthenticate)
    {
        Code = code;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Layers.Catalog.Tracks.TrackJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        Response = CatalogResponse.Error(status, buffer.WrittenSpan.ToArray(), wwwAuthenticate);
    }

    public string Code { get; }

    public CatalogResponse Response { get; }

    // RFC 6750 §3: no error code when no credentials were sent; invalid_token for a bad one. The spec asks
    // for 401 (not RFC 6750's 400) for a malformed header too, so clients handle one "re-authenticate" case.
    public static readonly ErrorResponse MissingKey = new(401, "UNAUTHENTICATED",
        "Send an API key as 'Authorization: Bearer <key>'.", "Bearer realm=\"layers\"");

    public static readonly ErrorResponse MalformedKey = new(401, "UNAUTHENTICATED",
        "The Authorization header is not a single 'Bearer <key>' credential.", "Bearer realm=\"layers\", error=\"invalid_request\"");

    public static readonly ErrorResponse RejectedKey = new(401, "UNAUTHENTICATED",
        "The API key is unknown, revoked or expired.", "Bearer realm=\"layers\", error=\"invalid_token\"");

    public static readonly ErrorResponse InsufficientScope = new(403, "FORBIDDEN_SCOPE",
        "The API key lacks the publish:read scope.", "Bearer error=\"insufficient_scope\", scope=\"publish:read\"");

    public static readonly ErrorResponse NotFound = new(404, "NOT_FOUND",
        "No track with this id is trending or was seen in the last 30 days.", null);

    public static readonly ErrorResponse NotAcceptable = new(406, "NOT_ACCEPTABLE",
        "Accept-Encoding refuses every coding offered: zstd, br, gzip, identity.", null);

    public static readonly ErrorResponse NoCatalog = new(500, "INTERNAL",
        "No valid catalog has been loaded on this node yet.", null);
}
