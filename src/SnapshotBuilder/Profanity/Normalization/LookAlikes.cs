using System.Text;

namespace Layers.SnapshotBuilder.Profanity.Normalization;

/// <summary>
/// Reads look-alike letters of another script as the script of their word and its neighbours (UTS #39
/// confusables, applied per word, never across a whole title):
/// <list type="bullet">
/// <item>A word with more Latin letters than others ("Fuсk" with a Cyrillic с) is Latin: its foreign letters become their ASCII look-alikes.</item>
/// <item>A word whose foreign letters all look like ASCII ("ЅНІТ" in Cyrillic) is read as Latin unless a neighbouring word is plainly
/// of another script (has a letter with no Latin look-alike and no Latin letter): "Сок" stays Russian beside "и ель".</item>
/// <item>Otherwise a mostly non-Latin word with Latin intruders ("пиzдa" with a Latin a) has them read as its own script where that script has a look-alike.</item>
/// </list>
/// Latin letters outside ASCII that look like ASCII ones (ɑ, ı, ᴜ) always read as ASCII. Words of a single
/// non-Latin script with a letter that looks like nothing Latin (most real Japanese, Cyrillic, Greek or
/// Arabic words) are left exactly as they are, so they cannot be made into a false match.
/// </summary>
internal static class LookAlikes
{
    private readonly record struct Word(int Start, int End, int Latin, int Foreign, int ForeignScript, bool ForeignAllLookAlike)
    {
        public bool HasLetters => Latin + Foreign > 0;

        /// <summary>Plainly of another script: no Latin letter and a letter that looks like nothing Latin.</summary>
        public bool PlainlyForeign => Latin == 0 && Foreign > 0 && !ForeignAllLookAlike;
    }

    public static string Read(string text, UnicodeTables tables)
    {
        var words = Words(text, tables);
        if (words.Count == 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        int copied = 0;
        for (int i = 0; i < words.Count; i++)
        {
            var word = words[i];
            builder.Append(text, copied, word.Start - copied);
            copied = word.End;
            var span = text.AsSpan(word.Start, word.End - word.Start);
            if (word.Foreign == 0 || word.Latin > word.Foreign || (word.ForeignAllLookAlike && !NeighbourIsForeign(words, i)))
            {
                AppendAsLatin(builder, span, tables);
            }
            else if (word.Latin > 0)
            {
                AppendAsScript(builder, span, word.ForeignScript, tables);
            }
            else
            {
                builder.Append(span);
            }
        }
        builder.Append(text, copied, text.Length - copied);
        return builder.ToString();
    }

    private static bool NeighbourIsForeign(List<Word> words, int index)
    {
        for (int i = index - 1; i >= 0; i--)
        {
            if (words[i].HasLetters)
            {
                if (words[i].PlainlyForeign)
                {
                    return true;
                }
                break;
            }
        }
        for (int i = index + 1; i < words.Count; i++)
        {
            if (words[i].HasLetters)
            {
                return words[i].PlainlyForeign;
            }
        }
        return false;
    }

    private static void AppendAsLatin(StringBuilder builder, ReadOnlySpan<char> word, UnicodeTables tables)
    {
        foreach (var rune in word.EnumerateRunes())
        {
            builder.Append(tables.AsciiLookAlike(rune.Value) ?? rune.ToString());
        }
    }

    /// <summary>Latin letters become <paramref name="script"/>'s look-alikes, if every one has one; otherwise the word stays as it is.</summary>
    private static void AppendAsScript(StringBuilder builder, ReadOnlySpan<char> word, int script, UnicodeTables tables)
    {
        var folded = new StringBuilder(word.Length);
        foreach (var rune in word.EnumerateRunes())
        {
            if (tables.ScriptOf(rune.Value) != tables.Latin || !Rune.IsLetter(rune))
            {
                folded.Append(rune.ToString());
                continue;
            }
            string ascii = tables.AsciiLookAlike(rune.Value) ?? rune.ToString().ToLowerInvariant();
            int lookAlike = ascii.Length == 1 ? tables.LookAlikeIn(script, ascii[0]) : -1;
            if (lookAlike < 0)
            {
                builder.Append(word);
                return;
            }
            folded.Append(char.ConvertFromUtf32(lookAlike));
        }
        builder.Append(folded);
    }

    /// <summary>Runs of letters, marks and digits, with their letters counted by script.</summary>
    private static List<Word> Words(string text, UnicodeTables tables)
    {
        var words = new List<Word>();
        int index = 0;
        while (index < text.Length)
        {
            if (!IsWordRune(text, index, tables, out int length))
            {
                index += length;
                continue;
            }
            int start = index, latin = 0, foreign = 0;
            bool allLookAlike = true;
            var scripts = new Dictionary<int, int>();
            while (index < text.Length && IsWordRune(text, index, tables, out length))
            {
                var rune = Rune.GetRuneAt(text, index);
                int script = tables.ScriptOf(rune.Value);
                if (Rune.IsLetter(rune) && script != UnicodeTables.NoScript)
                {
                    if (script == tables.Latin)
                    {
                        latin++;
                    }
                    else
                    {
                        foreign++;
                        scripts[script] = scripts.GetValueOrDefault(script) + 1;
                        allLookAlike &= tables.AsciiLookAlike(rune.Value) is not null;
                    }
                }
                index += length;
            }
            int foreignScript = scripts.Count == 0 ? UnicodeTables.NoScript : scripts.MaxBy(p => p.Value).Key;
            words.Add(new Word(start, index, latin, foreign, foreignScript, allLookAlike));
        }
        return words;
    }

    /// <summary>Letters, digits and marks; and symbols that look like a letter (🅵, ∪), which are written as letters.</summary>
    private static bool IsWordRune(string text, int index, UnicodeTables tables, out int length)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out length) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }
        return Rune.IsLetterOrDigit(rune) || TextFolder.IsMark(Rune.GetUnicodeCategory(rune)) || tables.AsciiLookAlike(rune.Value) is not null;
    }
}
