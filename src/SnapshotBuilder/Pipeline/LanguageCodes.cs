using System.Globalization;

namespace Layers.SnapshotBuilder.Pipeline;

/// <summary>
/// ISO 639-1 language codes. The feed's value is trimmed and lower-cased; a tag with a region
/// ("en-US", "pt_BR") keeps its primary subtag; anything that is not a real two-letter code becomes "".
/// </summary>
public static class LanguageCodes
{
    private static readonly HashSet<string> Iso639_1 = new(
        ("aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz " +
         "ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik " +
         "io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml " +
         "mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd " +
         "se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi " +
         "vo wa wo xh yi yo za zh zu").Split(' '),
        StringComparer.Ordinal);

    public static string Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }
        var tag = value.AsSpan().Trim();
        int separator = tag.IndexOfAny('-', '_');
        if (separator >= 0)
        {
            tag = tag[..separator];
        }
        if (tag.Length != 2)
        {
            return "";
        }
        string code = tag.ToString().ToLowerInvariant();
        return Iso639_1.Contains(code) ? code : "";
    }

    /// <summary>
    /// What TikTok's music objects carry: a code (<c>en</c>, <c>pt-BR</c>) or an English language name (<c>English</c>,
    /// <c>Portuguese</c>, <c>Portuguese (Brazil)</c>). Names are ICU's English names of the neutral cultures, plus the
    /// few TikTok uses that are not ICU's (<c>Mandarin</c>); "" when neither.
    /// </summary>
    public static string FromCodeOrEnglishName(string? value)
    {
        string code = Normalize(value);
        if (code.Length > 0 || string.IsNullOrWhiteSpace(value))
        {
            return code;
        }
        string name = value.Trim();
        int qualifier = name.IndexOf('(');
        if (qualifier > 0)
        {
            name = name[..qualifier].TrimEnd();
        }
        return EnglishNames.Value.GetValueOrDefault(name, "");
    }

    private static readonly Lazy<Dictionary<string, string>> EnglishNames = new(() =>
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Mandarin"] = "zh",
            ["Cantonese"] = "zh",
            ["Filipino"] = "tl",
            ["Farsi"] = "fa",
        };
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.NeutralCultures))
        {
            if (Iso639_1.Contains(culture.TwoLetterISOLanguageName) && culture.Name == culture.TwoLetterISOLanguageName)
            {
                names.TryAdd(culture.EnglishName, culture.TwoLetterISOLanguageName);
            }
        }
        return names;
    });
}
