using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Layers.EdgeCatalog.Api;

// The shapes of docs/contract/http-api.md, for the OpenAPI document only: responses are precomputed bytes and never
// serialized from these. Property order is the contract's.
internal sealed record TrackSchema(string Id, string Title, string Author, string Album, int Duration, string PreviewUrl, string CoverUrl, string Language, long UserCount, bool IsCommerceMusic);

internal sealed record TrackListSchema(IReadOnlyList<TrackSchema> Tracks, int Total);

internal sealed record TrackDetailSchema(string Id, string Title, string Author, string Album, int Duration, string PreviewUrl, string CoverUrl, string Language, long UserCount, bool IsCommerceMusic, string TiktokMusicLink, bool Trending);

internal sealed record ErrorSchema(string Code, string Message);

internal sealed record ErrorBodySchema(ErrorSchema Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TrackListSchema))]
[JsonSerializable(typeof(TrackDetailSchema))]
[JsonSerializable(typeof(ErrorBodySchema))]
internal sealed partial class ApiSchemaJsonContext : JsonSerializerContext;

/// <summary>The OpenAPI document at /openapi/v1.json (Microsoft.AspNetCore.OpenApi, AOT-safe): bearer auth with the publish:read scope, conditional and content-coding headers, every status.</summary>
internal static class OpenApiDocument
{
    public const string Path = "/openapi/v1.json";
    private const string Scheme = "bearer";

    public static IServiceCollection AddCatalogOpenApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiSchemaJsonContext.Default);
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict; // numbers are numbers in our bodies
        });
        return services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Layers TikTok music catalog",
                    Version = "v1",
                    Description = "Trending TikTok tracks for the Background Music picker and the publish service. Responses are precomputed per snapshot; " +
                                  "use If-None-Match with the ETag you got for a free 304.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key from `SnapshotBuilder keys create`, carrying the scope publish:read.",
                };
                return Task.CompletedTask;
            });
            // The catalog routes are plain RequestDelegates (no binding code on the hot path), which the API
            // explorer does not describe; so they are described here, with schemas generated from the types above.
            options.AddDocumentTransformer(async (document, context, cancellationToken) =>
            {
                var list = await context.GetOrCreateSchemaAsync(typeof(TrackListSchema), null, cancellationToken);
                var detail = await context.GetOrCreateSchemaAsync(typeof(TrackDetailSchema), null, cancellationToken);
                var error = await context.GetOrCreateSchemaAsync(typeof(ErrorBodySchema), null, cancellationToken);
                var security = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = ["publish:read"] };
                document.Paths ??= [];
                document.Paths[CatalogApi.ListRoute] = PathItem("listTracks", "The trending tracks, most popular first", list, error, security, byId: false);
                document.Paths[CatalogApi.TrackRoute] = PathItem("getTrack", "One track by id: trending, or seen in the last 30 days", detail, error, security, byId: true);
            });
        });
    }

    private static OpenApiPathItem PathItem(string operationId, string summary, IOpenApiSchema body, IOpenApiSchema error, OpenApiSecurityRequirement security, bool byId)
    {
        OpenApiOperation Operation(string id, bool head)
        {
            var parameters = new List<IOpenApiParameter>
            {
                Header("If-None-Match", "ETags held (a list, weak comparison, or *); a match answers 304 with no body."),
                Header("Accept-Encoding", "zstd, br, gzip or identity, with q-values; q=0 refuses one."),
            };
            if (byId)
            {
                parameters.Insert(0, new OpenApiParameter { Name = "id", In = ParameterLocation.Path, Required = true, Description = "The track's UUID.", Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" } });
            }
            var responses = new OpenApiResponses
            {
                ["200"] = Response(head ? "The headers of the 200 answer, no body." : "The catalog, as precomputed bytes.", head ? null : body, ok: true),
                ["304"] = Response("If-None-Match matched: no body.", null, ok: true),
                ["401"] = Response("UNAUTHENTICATED: missing, malformed, unknown, revoked or expired key.", head ? null : error, challenge: "Bearer realm=\"layers\" (with error=\"invalid_request\" or \"invalid_token\" for a bad key)"),
                ["403"] = Response("FORBIDDEN_SCOPE: the key lacks publish:read.", head ? null : error, challenge: "Bearer error=\"insufficient_scope\", scope=\"publish:read\""),
                ["406"] = Response("NOT_ACCEPTABLE: Accept-Encoding refuses every coding offered.", head ? null : error),
                ["500"] = Response("INTERNAL: no valid catalog has been loaded on this node yet.", head ? null : error),
            };
            if (byId)
            {
                responses["404"] = Response("NOT_FOUND: no such track trending or seen in the last 30 days.", head ? null : error);
            }
            return new OpenApiOperation
            {
                OperationId = id,
                Summary = summary,
                Tags = new HashSet<OpenApiTagReference> { new("catalog") },
                Parameters = parameters,
                Responses = responses,
                Security = [security],
            };
        }

        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = Operation(operationId, head: false),
                [HttpMethod.Head] = Operation(operationId + "Head", head: true),
            },
        };
    }

    private static OpenApiResponse Response(string description, IOpenApiSchema? body, bool ok = false, string? challenge = null)
    {
        var response = new OpenApiResponse { Description = description, Headers = new Dictionary<string, IOpenApiHeader>() };
        if (body is not null)
        {
            response.Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = body } };
        }
        if (ok)
        {
            response.Headers["ETag"] = ResponseHeader("Strong ETag of these bytes: the same on every node for the same snapshot and coding.");
            response.Headers["Cache-Control"] = ResponseHeader("private, max-age=60");
            response.Headers["Vary"] = ResponseHeader("Accept-Encoding");
            response.Headers["Content-Encoding"] = ResponseHeader("zstd, br or gzip when negotiated; absent for identity (200 only).");
        }
        if (challenge is not null)
        {
            response.Headers["WWW-Authenticate"] = ResponseHeader(challenge);
        }
        return response;
    }

    private static OpenApiParameter Header(string name, string description) =>
        new() { Name = name, In = ParameterLocation.Header, Required = false, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    private static OpenApiHeader ResponseHeader(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
