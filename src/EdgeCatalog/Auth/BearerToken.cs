namespace Layers.EdgeCatalog.Auth;

/// <summary>RFC 6750 §2.1: <c>Authorization: Bearer b64token</c>, scheme case-insensitive.</summary>
internal static class BearerToken
{
    /// <summary>Longer than any key we issue (46 chars) with room to spare; longer tokens are malformed, not hashed.</summary>
    public const int MaxLength = 256;

    /// <summary>Extracts the token, or returns false for anything that is not one well-formed Bearer credential.</summary>
    public static bool TryParse(ReadOnlySpan<char> header, out ReadOnlySpan<char> token)
    {
        token = default;
        if (header.Length < 8 || !header[..6].Equals("Bearer", StringComparison.OrdinalIgnoreCase) || header[6] != ' ')
        {
            return false;
        }
        var rest = header[7..].Trim(' ');
        if (rest.IsEmpty || rest.Length > MaxLength)
        {
            return false;
        }
        int end = rest.Length;
        while (end > 0 && rest[end - 1] == '=')
        {
            end--;
        }
        if (end == 0)
        {
            return false;
        }
        foreach (char c in rest[..end])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/'))
            {
                return false;
            }
        }
        token = rest;
        return true;
    }
}
