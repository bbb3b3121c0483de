namespace Layers.SnapshotBuilder.Profanity.Matching;

/// <summary>
/// Words with letters masked by <c>* # @ $ ! _ -</c> ("F**k", "B*tch", "Motherf*cker", "Sh!t"). Each mask
/// character stands for exactly one letter, and a masked word is profane when its shown letters pin a listed
/// word: aligned as the entry allows (whole word, prefix, anywhere), every shown letter equal, at least two
/// letters shown and at most half of the listed word's letters hidden. So "B*tch" (b?tch: bitch), "F**k"
/// (fuck) and "C**t" go, while "C*t Stevens" stays (no listed word is c?t), and neither "F***" nor "P***y"
/// counts (one shown letter, or more than half hidden: they fit "fine" and "party" as well as anything).
/// Masks only count inside a word; at its edges only '*' does ("*ss"), so "#hashtag", "Hey!" and "-remix-"
/// are not masks. '-' and '_' also separate words ("Co-op", "T-T"), so a word masked with them needs four
/// characters ("F-ck", "Sh_t").
/// </summary>
internal static class MaskedWords
{
    private const char Hidden = '\0';

    private static bool IsMask(char c) => c is '*' or '#' or '@' or '$' or '!' or '_' or '-';

    /// <summary>The first entry that a masked word of the folded text pins, or null.</summary>
    public static Entry? Find(string folded, IReadOnlyList<Entry> entries, string? language)
    {
        foreach (var span in Tokenizer.WordSpans(folded, IsWordOrMask))
        {
            if (Pattern(folded.AsSpan(span)) is { } pattern)
            {
                foreach (var entry in entries)
                {
                    if (entry.AppliesTo(language) && Pins(pattern, entry))
                    {
                        return entry;
                    }
                }
            }
        }
        return null;
    }

    private static bool IsWordOrMask(char c) => char.IsLetterOrDigit(c) || IsMask(c);

    /// <summary>The word with its masks as <see cref="Hidden"/> and leetspeak undone; null when it has no mask, or is not a masked word.</summary>
    internal static char[]? Pattern(ReadOnlySpan<char> run)
    {
        int first = 0, last = run.Length - 1;
        while (first <= last && IsMask(run[first]) && run[first] != '*')
        {
            first++;
        }
        while (last >= first && IsMask(run[last]) && run[last] != '*')
        {
            last--;
        }
        var word = run[first..(last + 1)];
        if (word.IndexOfAny("*#@$!_-") < 0 || !word.ContainsAnyExcept("*#@$!_-0123456789"))
        {
            return null;
        }
        if (word.Length < 4 && word.IndexOfAny("_-") >= 0)
        {
            return null;
        }
        var pattern = new char[word.Length];
        for (int i = 0; i < word.Length; i++)
        {
            pattern[i] = IsMask(word[i]) ? Hidden : Tokenizer.Unleet(word[i], 'i');
        }
        return pattern;
    }

    private static bool Pins(char[] pattern, Entry entry)
    {
        string word = entry.Word;
        return entry.Kind switch
        {
            EntryKind.Whole => pattern.Length == word.Length && PinsAt(pattern, 0, word),
            EntryKind.Prefix => pattern.Length >= word.Length && PinsAt(pattern, 0, word),
            _ => AnyAlignment(pattern, word),
        };
    }

    private static bool AnyAlignment(char[] pattern, string word)
    {
        for (int start = 0; start + word.Length <= pattern.Length; start++)
        {
            if (PinsAt(pattern, start, word))
            {
                return true;
            }
        }
        return false;
    }

    private static bool PinsAt(char[] pattern, int start, string word)
    {
        int hidden = 0;
        for (int i = 0; i < word.Length; i++)
        {
            char c = pattern[start + i];
            if (c == Hidden)
            {
                hidden++;
            }
            else if (c != word[i])
            {
                return false;
            }
        }
        return hidden > 0 && word.Length - hidden >= 2 && hidden * 2 <= word.Length;
    }
}
