using Layers.Catalog.Snapshots;
using Microsoft.Extensions.Primitives;

namespace Layers.EdgeCatalog.Serving;

/// <summary>
/// Picks the content coding for a response from <c>Accept-Encoding</c> (RFC 9110 §12.5.3), among the
/// codings every snapshot stores. Higher q wins; at equal q the smaller body wins (zstd, br, gzip,
/// identity). Identity is acceptable unless refused (<c>identity;q=0</c>, or <c>*;q=0</c> without an
/// identity entry). Unknown codings and malformed entries are ignored, never an error.
/// Allocation-free: it scans the header's characters.
/// </summary>
internal static class ContentNegotiation
{
    private const int Unset = -1;

    /// <summary>The coding to send, or null when the client refuses every one we have (406).</summary>
    public static ContentEncoding? Select(StringValues acceptEncoding)
    {
        if (acceptEncoding.Count == 0)
        {
            return ContentEncoding.Identity; // No header: no preference; identity is the safe choice.
        }
        var preferences = new Preferences();
        for (int i = 0; i < acceptEncoding.Count; i++)
        {
            preferences.Add((acceptEncoding[i] ?? "").AsSpan());
        }
        return preferences.Best();
    }

    /// <summary>The same, for a request that sent exactly one Accept-Encoding header with this value.</summary>
    public static ContentEncoding? Select(ReadOnlySpan<char> acceptEncoding)
    {
        var preferences = new Preferences();
        preferences.Add(acceptEncoding);
        return preferences.Best();
    }

    /// <summary>q-values in thousandths, merged over every Accept-Encoding value; Unset = not mentioned.</summary>
    private struct Preferences()
    {
        private int _zstd = Unset, _br = Unset, _gzip = Unset, _identity = Unset, _star = Unset;

        public void Add(ReadOnlySpan<char> value)
        {
            while (!value.IsEmpty)
            {
                int comma = value.IndexOf(',');
                var entry = comma < 0 ? value : value[..comma];
                value = comma < 0 ? default : value[(comma + 1)..];
                if (!TryParseEntry(entry, out var coding, out int q))
                {
                    continue;
                }
                if (coding.Equals("zstd", StringComparison.OrdinalIgnoreCase)) _zstd = Max(_zstd, q);
                else if (coding.Equals("br", StringComparison.OrdinalIgnoreCase)) _br = Max(_br, q);
                else if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)) _gzip = Max(_gzip, q);
                else if (coding.Equals("identity", StringComparison.OrdinalIgnoreCase)) _identity = Max(_identity, q);
                else if (coding.SequenceEqual("*")) _star = Max(_star, q);
            }
        }

        public readonly ContentEncoding? Best()
        {
            int defaultQ = _star == Unset ? 0 : _star;
            int zstd = _zstd == Unset ? defaultQ : _zstd;
            int br = _br == Unset ? defaultQ : _br;
            int gzip = _gzip == Unset ? defaultQ : _gzip;
            // Unmentioned identity stays acceptable at the lowest positive q (0.001), so any coding the client
            // lists beats it, and it is still chosen when every listed coding is refused.
            int identity = _identity == Unset ? (_star == Unset ? 1 : _star) : _identity;

            ContentEncoding? best = null;
            int bestQ = 0;
            Consider(ContentEncoding.Zstd, zstd, ref best, ref bestQ);
            Consider(ContentEncoding.Brotli, br, ref best, ref bestQ);
            Consider(ContentEncoding.Gzip, gzip, ref best, ref bestQ);
            Consider(ContentEncoding.Identity, identity, ref best, ref bestQ);
            return best;
        }
    }

    // Earlier candidates win ties: the order of the calls above is the size preference.
    private static void Consider(ContentEncoding coding, int q, ref ContentEncoding? best, ref int bestQ)
    {
        if (q > bestQ)
        {
            best = coding;
            bestQ = q;
        }
    }

    private static int Max(int current, int q) => current == Unset ? q : Math.Max(current, q);

    /// <summary><c>coding *( OWS ";" OWS param )</c> where the q param is <c>0[.ddd]</c> or <c>1[.000]</c>.</summary>
    private static bool TryParseEntry(ReadOnlySpan<char> entry, out ReadOnlySpan<char> coding, out int q)
    {
        q = 1000;
        int semicolon = entry.IndexOf(';');
        coding = (semicolon < 0 ? entry : entry[..semicolon]).Trim(" \t");
        if (coding.IsEmpty)
        {
            return false;
        }
        var parameters = semicolon < 0 ? default : entry[(semicolon + 1)..];
        while (!parameters.IsEmpty)
        {
            int next = parameters.IndexOf(';');
            var parameter = (next < 0 ? parameters : parameters[..next]).Trim(" \t");
            parameters = next < 0 ? default : parameters[(next + 1)..];
            if (parameter.Length >= 2 && (parameter[0] is 'q' or 'Q') && parameter[1] == '=')
            {
                if (!TryParseQ(parameter[2..], out q))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static bool TryParseQ(ReadOnlySpan<char> text, out int thousandths)
    {
        thousandths = 0;
        if (text.IsEmpty || text.Length > 5 || (text[0] != '0' && text[0] != '1'))
        {
            return false;
        }
        int value = (text[0] - '0') * 1000;
        if (text.Length > 1)
        {
            if (text[1] != '.')
            {
                return false;
            }
            int scale = 100;
            foreach (char c in text[2..])
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
                value += (c - '0') * scale;
                scale /= 10;
            }
        }
        if (value > 1000)
        {
            return false;
        }
        thousandths = value;
        return true;
    }
}
