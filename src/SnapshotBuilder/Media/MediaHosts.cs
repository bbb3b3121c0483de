using System.Globalization;

namespace Layers.SnapshotBuilder.Media;

/// <summary>
/// <c>--allow-media-host</c>: exact hosts, and <c>*.</c>-suffix patterns that match hosts below a domain.
/// <c>*.tiktokcdn.com</c> matches <c>v16m.tiktokcdn.com</c> and <c>a.b.tiktokcdn.com</c>, never
/// <c>tiktokcdn.com</c> itself (allow it as well if needed) nor a look-alike such as <c>eviltiktokcdn.com</c>
/// or <c>tiktokcdn.com.evil.io</c>: a match ends at a label boundary.
/// </summary>
public static class MediaHosts
{
    private static readonly IdnMapping Idn = new();

    /// <summary>The canonical form of a host or pattern (lower-case, IDNA ASCII, no trailing dot). Throws <see cref="ArgumentException"/>.</summary>
    public static string Normalize(string value)
    {
        string text = value.Trim().TrimEnd('.').ToLowerInvariant();
        if (Uri.CheckHostName(text) is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return text;
        }
        bool wildcard = text.StartsWith("*.", StringComparison.Ordinal);
        string host = wildcard ? text[2..] : text;
        try
        {
            host = Idn.GetAscii(host);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"--allow-media-host '{value}' is not a host name or a *.domain pattern");
        }
        if (host.Contains('*') || Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            throw new ArgumentException($"--allow-media-host '{value}' is not a host name or a *.domain pattern");
        }
        string[] labels = host.Split('.');
        if (wildcard && (labels.Length < 2 || labels[^1].All(char.IsAsciiDigit)))
        {
            throw new ArgumentException($"--allow-media-host '{value}' would match too much: give a domain below its top level, like *.tiktokcdn.com");
        }
        return wildcard ? "*." + host : host;
    }

    /// <param name="patterns">Normalized hosts and patterns.</param>
    /// <param name="host">A URI's <see cref="Uri.IdnHost"/>.</param>
    public static bool IsAllowed(IReadOnlySet<string> patterns, string host)
    {
        host = host.TrimEnd('.').ToLowerInvariant();
        if (patterns.Contains(host))
        {
            return true;
        }
        foreach (string pattern in patterns)
        {
            // "*.tiktokcdn.com" → ".tiktokcdn.com": the host must end with it and have a label before it.
            if (pattern.StartsWith("*.", StringComparison.Ordinal) && host.Length > pattern.Length - 1
                && host.EndsWith(pattern.AsSpan(1), StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
