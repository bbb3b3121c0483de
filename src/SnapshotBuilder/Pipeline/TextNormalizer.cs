using System.Text;

namespace Layers.SnapshotBuilder.Pipeline;

/// <summary>
/// Display text as the catalog stores it: Unicode NFC, control and format characters removed, every run
/// of white space collapsed to one space, trimmed. Two spellings of the same title become one string,
/// which is what makes (title, author) dedupe work.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        string composed = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(composed.Length);
        bool pendingSpace = false;
        foreach (var rune in composed.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            var category = Rune.GetUnicodeCategory(rune);
            if (category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format)
            {
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    /// <summary>The key two tracks are "the same song" by: normalized and case-folded.</summary>
    public static string DedupeKey(string normalized) => normalized.ToUpperInvariant();
}
