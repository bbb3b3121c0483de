using System.Globalization;
using System.Text;

namespace Layers.SnapshotBuilder.Profanity.Normalization;

/// <summary>
/// Folds a title into the form the word lists are compared in: lower case, compatibility forms undone
/// (NFKC: fullwidth, mathematical bold/italic/script, circled, superscript letters become plain ones),
/// invisible characters and stroke/overlay/enclosing marks removed, look-alike letters of another script
/// read as the script of their word and its neighbours (<see cref="LookAlikes"/>), accents removed from
/// alphabetic scripts (ß → ss). Never throws: lone surrogates become spaces. Linear in the text's length:
/// runs of combining marks are cut to 30 before normalizing (the stream-safe limit of UAX #15): ICU sorts a
/// run of marks by insertion, so 10,000 marks of mixed classes on one letter took a second.
/// </summary>
internal static class TextFolder
{
    private const int MaxMarksInARow = 30;

    public static string Fold(string text)
    {
        if (System.Text.Ascii.IsValid(text))
        {
            return text.ToLowerInvariant();
        }
        var tables = UnicodeTables.Instance;
        string compatible = Sanitize(text).Normalize(NormalizationForm.FormKC);
        string visible = RemoveInvisible(compatible);
        string read = LookAlikes.Read(visible, tables);
        return StripAccents(read.ToLowerInvariant().Replace("ß", "ss", StringComparison.Ordinal), tables);
    }

    /// <summary>Lone surrogates and the noncharacters U+FFFE/U+FFFF become spaces (they make Normalize throw); long runs of marks are cut.</summary>
    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        int marks = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                marks = 0;
                builder.Append(c).Append(text[++i]);
                continue;
            }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                marks = 0;
                builder.Append(' ');
                continue;
            }
            marks = IsMark(CharUnicodeInfo.GetUnicodeCategory(c)) ? marks + 1 : 0;
            if (marks <= MaxMarksInARow)
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Drops what a reader does not see as a letter: format characters (zero-width space and joiners, soft
    /// hyphen, bidi controls, tags), variation selectors, fillers, enclosing marks and the stroke/slash
    /// overlays (<c>f̶u̶c̶k̶</c>). Blank braille reads as a space.
    /// </summary>
    private static string RemoveInvisible(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            int value = rune.Value;
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Format or UnicodeCategory.EnclosingMark || IsIgnorable(value))
            {
                continue;
            }
            if (value == 0x2800)
            {
                builder.Append(' ');
                continue;
            }
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    private static bool IsIgnorable(int value) => value is
        (>= 0x0334 and <= 0x0338) or (>= 0x20D2 and <= 0x20D3) or (>= 0x20D8 and <= 0x20DA) or (>= 0x20E5 and <= 0x20E6) or (>= 0x20EA and <= 0x20EB)
        or 0x034F or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) or (>= 0x180B and <= 0x180F)
        or 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x17B4 or 0x17B5;

    /// <summary>
    /// Accents off letters of the alphabetic scripts (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic) and
    /// of symbols; marks that are part of a letter elsewhere (Devanagari vowel signs, kana voicing) stay.
    /// </summary>
    private static string StripAccents(string text, UnicodeTables tables)
    {
        string decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        bool stripAfter = true;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (IsMark(Rune.GetUnicodeCategory(rune)))
            {
                if (!stripAfter)
                {
                    builder.Append(rune.ToString());
                }
                continue;
            }
            stripAfter = tables.StripsAccents(tables.ScriptOf(rune.Value));
            builder.Append(rune.ToString());
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    internal static bool IsMark(UnicodeCategory category) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
