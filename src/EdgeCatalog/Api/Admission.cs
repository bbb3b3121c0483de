using Layers.EdgeCatalog.Auth;
using Layers.EdgeCatalog.Serving;

namespace Layers.EdgeCatalog.Api;

/// <summary>
/// The checks every catalog request passes, in the contract's order: a key set loaded, authentication,
/// scope, then a loaded catalog. Shared by Kestrel's pipeline (<see cref="CatalogApi"/>) and the fast lane
/// (<see cref="FastLane.FastLaneConnection"/>) so the two can never disagree. Allocation-free.
/// </summary>
internal static class Admission
{
    /// <summary>Null when the request may proceed, with <paramref name="catalog"/> the one snapshot it is answered from.</summary>
    /// <param name="authorization">The Authorization header's value; empty when there is none.</param>
    /// <param name="repeated">The request sent more than one Authorization header: malformed, whatever they say.</param>
    public static ErrorResponse? Admit(CatalogState state, ReadOnlySpan<char> authorization, bool repeated, long nowUtcTicks, out ServingCatalog catalog)
    {
        catalog = null!;
        var keys = state.Keys;
        if (keys is null)
        {
            // Without a key set we cannot tell a good key from a bad one; a 401 would send clients
            // rotating keys that are fine. The node is not ready, and says so.
            return ErrorResponse.NoCatalog;
        }
        var denied = repeated ? ErrorResponse.MalformedKey : keys.Authorize(authorization, nowUtcTicks) switch
        {
            AuthResult.Authorized => null,
            AuthResult.Missing => ErrorResponse.MissingKey,
            AuthResult.Malformed => ErrorResponse.MalformedKey,
            AuthResult.InsufficientScope => ErrorResponse.InsufficientScope,
            _ => ErrorResponse.RejectedKey,
        };
        if (denied is not null)
        {
            return denied;
        }
        if (state.Catalog is not { } loaded)
        {
            return ErrorResponse.NoCatalog;
        }
        catalog = loaded;
        return null;
    }
}
