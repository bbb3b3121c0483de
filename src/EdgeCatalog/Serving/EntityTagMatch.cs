using Microsoft.Extensions.Primitives;

namespace Layers.EdgeCatalog.Serving;

/// <summary>
/// <c>If-None-Match</c> evaluation (RFC 9110 §13.1.2): true when the header is <c>*</c> or lists an
/// entity-tag that weakly matches <paramref name="etag"/> (<c>W/</c> prefixes are ignored). A list that
/// stops parsing is read up to the fault: garbage can cost a 200, never an error. Allocation-free.
/// </summary>
internal static class EntityTagMatch
{
    public static bool IfNoneMatchHits(StringValues ifNoneMatch, string etag)
    {
        for (int i = 0; i < ifNoneMatch.Count; i++)
        {
            if (ListMatches((ifNoneMatch[i] ?? "").AsSpan(), etag))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The same, for one If-None-Match header value.</summary>
    public static bool ListMatches(ReadOnlySpan<char> list, string etag)
    {
        while (true)
        {
            list = list.TrimStart(" \t,");
            if (list.IsEmpty)
            {
                return false;
            }
            if (list[0] == '*')
            {
                return true;
            }
            if (list.StartsWith("W/"))
            {
                list = list[2..];
            }
            if (list.IsEmpty || list[0] != '"')
            {
                return false;
            }
            int close = list[1..].IndexOf('"');
            if (close < 0)
            {
                return false;
            }
            var tag = list[..(close + 2)];
            if (tag.SequenceEqual(etag))
            {
                return true;
            }
            list = list[(close + 2)..];
        }
    }
}
