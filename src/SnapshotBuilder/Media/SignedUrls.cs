using System.Globalization;

namespace Layers.SnapshotBuilder.Media;

/// <summary>
/// TikTok's signed media URLs and when they expire. Recognised forms (docs/operations.md):
/// an <c>x-expires=&lt;unix seconds&gt;</c> query parameter (the <c>tos-…</c> CDN URLs, signed by <c>x-signature</c>),
/// and the older CDN path segments <c>/{32 hex: signature}/{8 hex: unix seconds}/</c>, wherever they stand in the path
/// (<c>https://v16m.tiktokcdn.com/3f0c…e1/6571a2b3/video/tos/…</c>).
/// </summary>
public static class SignedUrls
{
    /// <summary>When the URL stops working, or null when it names no expiry.</summary>
    public static DateTimeOffset? Expiry(Uri uri)
    {
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            if (equals > 0 && pair.AsSpan(0, equals).Equals("x-expires", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(pair.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
            {
                return FromUnixSeconds(seconds);
            }
        }
        string[] segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 2 < segments.Length; i++) // a signature, an expiry, then at least the object's name
        {
            if (segments[i].Length == 32 && IsHex(segments[i]) && segments[i + 1].Length == 8 && IsHex(segments[i + 1]))
            {
                return FromUnixSeconds(long.Parse(segments[i + 1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            }
        }
        return null;
    }

    /// <summary>A URL that carries a signature: its 403 means "no longer (or never) valid", which a retry cannot change.</summary>
    public static bool IsSigned(Uri uri) =>
        Expiry(uri) is not null || uri.Query.Contains("x-signature=", StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset FromUnixSeconds(long seconds) =>
        DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);
}
