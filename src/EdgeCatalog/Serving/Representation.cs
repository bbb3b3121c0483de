using Microsoft.Extensions.Primitives;

namespace Layers.EdgeCatalog.Serving;

/// <summary>
/// One response body in one content coding, with its 200 response already described (<see cref="Response"/>), so the
/// request path only assigns references and copies bytes.
/// </summary>
internal sealed class Representation
{
    /// <param name="varies">Whether the route chose this coding from Accept-Encoding (its responses then say Vary).</param>
    public Representation(ReadOnlyMemory<byte> body, ReadOnlySpan<byte> sha256, string? contentEncoding, bool varies,
        BodyFile? file = null, long fileOffset = -1)
    {
        ETag = $"\"{Convert.ToHexStringLower(sha256[..16])}\"";
        Response = CatalogResponse.Ok(body, ETag, contentEncoding is null ? StringValues.Empty : new StringValues(contentEncoding), varies, file, fileOffset);
    }

    /// <summary>Strong ETag from the body's SHA-256: equal bytes, equal tag, on every node.</summary>
    public string ETag { get; }

    /// <summary>The 200 with this body; its headers a 304 keeps make the 304.</summary>
    public CatalogResponse Response { get; }
}
