using Microsoft.Extensions.Primitives;

namespace Layers.EdgeCatalog.Serving;

/// <summary>
/// One response body in one content coding, with every header value it needs already made, so the
/// request path only assigns references and copies bytes.
/// </summary>
internal sealed class Representation(ReadOnlyMemory<byte> body, ReadOnlySpan<byte> sha256, string? contentEncoding,
    BodyFile? file = null, long fileOffset = -1)
{
    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>The file that also holds <see cref="Body"/>, at <see cref="FileOffset"/>; null when it is not in one.</summary>
    public BodyFile? File { get; } = fileOffset >= 0 ? file : null;

    public long FileOffset { get; } = fileOffset;

    /// <summary>Strong ETag from the body's SHA-256: equal bytes, equal tag, on every node.</summary>
    public string ETag { get; } = $"\"{Convert.ToHexStringLower(sha256[..16])}\"";

    public StringValues ETagHeader => new(ETag);

    public StringValues ContentEncoding { get; } = contentEncoding is null ? StringValues.Empty : new StringValues(contentEncoding);
}
