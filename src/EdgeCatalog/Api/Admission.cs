using System.Diagnostics.CodeAnalysis;
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
    /// <summary>
    /// True when the request may proceed, with <paramref name="catalog"/> the one snapshot it is answered from;
    /// false with the error to answer in <paramref name="denied"/>.
    /// </summary>
    /// <param name="authorization">The Authorization header's value; empty when there is none.</param>
    /// <param name="repeated">The request sent more than one Authorization header: malformed, whatever they say.</param>
    public static bool TryAdmit(CatalogState state, ReadOnlySpan<char> authorization, bool repeated, long nowUtcTicks,
        [NotNullWhen(true)] out ServingCatalog? catalog, [NotNullWhen(false)] out ErrorResponse? denied)
    {
        var keys = state.Keys;
        var refusal = keys is null ? ErrorResponse.NoCatalog
            : repeated ? ErrorResponse.MalformedKey
            : Deny(keys.Authorize(authorization, nowUtcTicks));
        return TryServe(state, refusal, out catalog, out denied);
    }

    /// <summary>
    /// The same checks for the fast lane, whose connection remembers the last key it authorized: a repeat of it,
    /// in the same key set and unexpired, is not hashed again (<see cref="KeyMemo"/>).
    /// </summary>
    /// <param name="authorization">The Authorization header's value: visible ASCII, at most the lane's
    /// <see cref="FastLane.RequestHead.MaxValueBytes"/> (it is widened on the stack); empty when there is none.</param>
    public static bool TryAdmit(CatalogState state, ReadOnlySpan<byte> authorization, KeyMemo memo, long nowUtcTicks,
        [NotNullWhen(true)] out ServingCatalog? catalog, [NotNullWhen(false)] out ErrorResponse? denied)
    {
        var keys = state.Keys;
        var refusal = keys is null ? ErrorResponse.NoCatalog : Authenticate(keys, authorization, memo, nowUtcTicks);
        return TryServe(state, refusal, out catalog, out denied);
    }

    private static ErrorResponse? Authenticate(KeySet keys, ReadOnlySpan<byte> authorization, KeyMemo memo, long nowUtcTicks)
    {
        if (memo.Recalls(keys, authorization, nowUtcTicks))
        {
            return null;
        }
        Span<char> text = stackalloc char[authorization.Length];
        Encoding.ASCII.GetChars(authorization, text); // visible ASCII (the lane's parser checked): exact
        var refusal = Deny(keys.Authorize(text, nowUtcTicks, out long expires));
        if (refusal is null)
        {
            memo.Remember(keys, authorization, expires);
        }
        return refusal;
    }

    /// <summary>The error for a key that does not pass; null for one that does.</summary>
    private static ErrorResponse? Deny(AuthResult result) => result switch
    {
        AuthResult.Authorized => null,
        AuthResult.Missing => ErrorResponse.MissingKey,
        AuthResult.Malformed => ErrorResponse.MalformedKey,
        AuthResult.InsufficientScope => ErrorResponse.InsufficientScope,
        _ => ErrorResponse.RejectedKey,
    };

    /// <summary>
    /// The catalog to answer from once the key checks pass (<paramref name="refusal"/> null). Without a key set
    /// (refused with <see cref="ErrorResponse.NoCatalog"/>) we cannot tell a good key from a bad one; a 401 would send
    /// clients rotating keys that are fine: the node is not ready, and says so.
    /// </summary>
    private static bool TryServe(CatalogState state, ErrorResponse? refusal, [NotNullWhen(true)] out ServingCatalog? catalog, [NotNullWhen(false)] out ErrorResponse? denied)
    {
        catalog = refusal is null ? state.Catalog : null;
        denied = refusal ?? (catalog is null ? ErrorResponse.NoCatalog : null);
        return catalog is not null;
    }
}
