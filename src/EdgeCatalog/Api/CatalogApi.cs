using System.Diagnostics.CodeAnalysis;
using Layers.Catalog.Snapshots;
using Layers.EdgeCatalog.Serving;
using Microsoft.Extensions.Primitives;

namespace Layers.EdgeCatalog.Api;

/// <summary>
/// GET/HEAD /v1/tiktok-music and /v1/tiktok-music/{id} (docs/contract/http-api.md). Order of checks: key set loaded →
/// authentication → scope → catalog loaded → negotiation → conditional → body. Everything the request
/// sends is parsed with bounded, allocation-free scanners, and nothing it sends can cause a 500.
/// </summary>
internal static class CatalogApi
{
    /// <summary>The list route; also the <c>route</c> label its responses are counted under, whichever lane answers.</summary>
    public const string ListRoute = "/v1/tiktok-music";

    public const string TrackRoute = ListRoute + "/{id}";

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static void MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var state = app.ServiceProvider.GetRequiredService<CatalogState>();
        var time = app.ServiceProvider.GetRequiredService<TimeProvider>();
        app.MapMethods(ListRoute, GetAndHead, context => ServeList(context, state, time));
        app.MapMethods(TrackRoute, GetAndHead, context => ServeTrack(context, state, time));
    }

    internal static Task ServeList(HttpContext context, CatalogState state, TimeProvider time)
    {
        if (!TryAdmit(context, state, time, out var catalog, out var denied))
        {
            return WriteError(context, denied);
        }
        var encoding = ContentNegotiation.Select(context.Request.Headers.AcceptEncoding);
        if (encoding is null)
        {
            return WriteError(context, ErrorResponse.NotAcceptable);
        }
        return WriteRepresentation(context, catalog.List(encoding.Value));
    }

    private static Task ServeTrack(HttpContext context, CatalogState state, TimeProvider time)
    {
        if (!TryAdmit(context, state, time, out var catalog, out var denied))
        {
            return WriteError(context, denied);
        }
        if (context.Request.RouteValues["id"] is not string id || !Guid.TryParseExact(id, "D", out var trackId)
            || !catalog.TryGetTrack(trackId, out var track))
        {
            return WriteError(context, ErrorResponse.NotFound);
        }
        return WriteRepresentation(context, track);
    }

    private static bool TryAdmit(HttpContext context, CatalogState state, TimeProvider time,
        [NotNullWhen(true)] out ServingCatalog? catalog, [NotNullWhen(false)] out ErrorResponse? denied)
    {
        StringValues authorization = context.Request.Headers.Authorization;
        return Admission.TryAdmit(state, authorization.Count == 1 ? authorization[0] : "", authorization.Count > 1, time.GetUtcNow().UtcTicks, out catalog, out denied);
    }

    private static Task WriteRepresentation(HttpContext context, Representation representation) =>
        Write(context, representation.Response, EntityTagMatch.IfNoneMatchHits(context.Request.Headers.IfNoneMatch, representation.ETag));

    internal static Task WriteError(HttpContext context, ErrorResponse error) => Write(context, error.Response, notModified: false);

    /// <summary>Sends <paramref name="description"/>, or when <paramref name="notModified"/> the 304 in its place.</summary>
    private static Task Write(HttpContext context, CatalogResponse description, bool notModified)
    {
        var response = context.Response;
        var headers = response.Headers;
        foreach (var header in description.Headers)
        {
            if (!notModified || header.KeptByNotModified)
            {
                headers[header.Name] = header.Value;
            }
        }
        if (notModified)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.StatusCode = description.Status;
        response.ContentLength = description.Body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : WriteBody(response, description.Body);
    }

    private static Task WriteBody(HttpResponse response, ReadOnlyMemory<byte> body)
    {
        var pending = response.BodyWriter.WriteAsync(body);
        return pending.IsCompletedSuccessfully ? Task.CompletedTask : pending.AsTask();
    }
}
