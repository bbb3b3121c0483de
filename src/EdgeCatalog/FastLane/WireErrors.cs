using Layers.EdgeCatalog.Api;

namespace Layers.EdgeCatalog.FastLane;

/// <summary>The errors the list route can answer with, on the wire.</summary>
internal static class WireErrors
{
    private static readonly Dictionary<ErrorResponse, WireResponse> All = new[]
    {
        ErrorResponse.MissingKey, ErrorResponse.MalformedKey, ErrorResponse.RejectedKey, ErrorResponse.InsufficientScope,
        ErrorResponse.NotAcceptable, ErrorResponse.NoCatalog,
    }.ToDictionary(e => e, WireResponse.Error);

    public static WireResponse For(ErrorResponse error) => All[error];
}
