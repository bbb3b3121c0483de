using System.Text;
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
        var denied = repeated ? ErrorResponse.MalformedKey : Deny(keys.Authorize(authorization, nowUtcTicks));
        if (denied is not null)
        {
            return denied;
        }
        return CatalogFor(state, out catalog);
    }

    /// <summary>
    /// The same checks for the fast lane, whose connection remembers the last key it authorized: a repeat of it,
    /// in the same key set and unexpired, is not hashed again (<see cref="KeyMemo"/>).
    /// </summary>
    /// <param name="authorization">The Authorization header's value: visible ASCII, at most the lane's
    /// <see cref="FastLane.RequestHead.MaxValueBytes"/> (it is widened on the stack); empty when there is none.</param>
    public static ErrorResponse? Admit(CatalogState state, ReadOnlySpan<byte> authorization, KeyMemo memo, long nowUtcTicks, out ServingCatalog catalog)
    {
        catalog = null!;
        var keys = state.Keys;
        if (keys is null)
        {
            return ErrorResponse.NoCatalog;
        }
        if (!memo.Recalls(keys, authorization, nowUtcTicks))
        {
            Span<char> text = stackalloc char[authorization.Length];
            Encoding.ASCII.GetChars(authorization, text); // visible ASCII (the lane's parser checked): exact
            if (Deny(keys.Authorize(text, nowUtcTicks, out long expires)) is { } denied)
            {
                return denied;
            }
            memo.Remember(keys, authorization, expires);
        }
        return CatalogFor(state, out catalog);
    }

    private static ErrorResponse? Deny(AuthResult result) => result switch
    {
        AuthResult.Authorized => null,
        AuthResult.Missing => ErrorResponse.MissingKey,
        AuthResult.Malformed => ErrorResponse.MalformedKey,
        AuthResult.InsufficientScope => ErrorResponse.InsufficientScope,
        _ => ErrorResponse.RejectedKey,
    };

    private static ErrorResponse? CatalogFor(CatalogState state, out ServingCatalog catalog)
    {
        catalog = null!;
        if (state.Catalog is not { } loaded)
        {
            return ErrorResponse.NoCatalog;
        }
        catalog = loaded;
        return null;
    }
}
