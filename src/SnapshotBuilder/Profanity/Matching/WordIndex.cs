namespace Layers.SnapshotBuilder.Profanity.Matching;

internal enum EntryKind
{
    /// <summary><c>word</c>: the whole word.</summary>
    Whole,

    /// <summary><c>word*</c>: words that start with it.</summary>
    Prefix,

    /// <summary><c>*word*</c>: anywhere in a word.</summary>
    Anywhere,
}

/// <summary>A listed word. <see cref="Language"/> null: applies to every title; otherwise only to titles in that language.</summary>
internal sealed record Entry(string List, string? Language, EntryKind Kind, string Word, Run[] Runs)
{
    public bool AppliesTo(string? language) => Language is null || Language == language;
}

/// <summary>A listed phrase ("hijo de puta"): consecutive whole words.</summary>
internal sealed record Phrase(string List, string? Language, string[] Words)
{
    public bool AppliesTo(string? language) => Language is null || Language == language;
}

/// <summary>
/// The listed words, indexed by their collapsed letters ("fuck" for fuuuck), so a token is compared with the
/// few entries that can match it rather than with every entry: a lookup per prefix for <c>word*</c>, per
/// substring up to the longest entry for <c>*word*</c>. Time per token is linear in its length.
/// </summary>
internal sealed class WordIndex
{
    private readonly Dictionary<string, List<Entry>>[] _byKind = [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    private readonly int[] _longest = new int[3];
    private readonly Dictionary<string, List<Phrase>> _phrases = new(StringComparer.Ordinal);
    private readonly List<(string Symbol, Entry Entry)> _symbols = [];

    private readonly List<Entry> _entries = [];

    /// <summary>Every single-word entry, for the masked-word scan (<see cref="MaskedWords"/>).</summary>
    public IReadOnlyList<Entry> Entries => _entries;

    public void Add(Entry entry)
    {
        string key = Tokenizer.Collapse(entry.Runs);
        var bucket = _byKind[(int)entry.Kind];
        if (!bucket.TryGetValue(key, out var entries))
        {
            bucket[key] = entries = [];
        }
        entries.Add(entry);
        _longest[(int)entry.Kind] = Math.Max(_longest[(int)entry.Kind], key.Length);
        _entries.Add(entry);
    }

    public void Add(Phrase phrase)
    {
        if (!_phrases.TryGetValue(phrase.Words[0], out var phrases))
        {
            _phrases[phrase.Words[0]] = phrases = [];
        }
        phrases.Add(phrase);
    }

    /// <summary>A listed string with no letters in it (🖕): looked for as it is in the folded text.</summary>
    public void AddSymbol(string symbol, Entry entry) => _symbols.Add((symbol, entry));

    /// <summary>The first entry that the token's runs match: whole word, prefix, or anywhere (everything is "anywhere" in a spelled-out run).</summary>
    public Entry? Find(Run[] runs, bool spelled, string? language)
    {
        string key = Tokenizer.Collapse(runs);
        if (!spelled)
        {
            if (Lookup(EntryKind.Whole, key, runs, 0, language) is { } whole)
            {
                return whole;
            }
            for (int length = 1; length <= Math.Min(_longest[(int)EntryKind.Prefix], key.Length); length++)
            {
                if (Lookup(EntryKind.Prefix, key.AsSpan(0, length), runs, 0, language) is { } prefix)
                {
                    return prefix;
                }
            }
        }
        foreach (var kind in spelled ? (EntryKind[])[EntryKind.Whole, EntryKind.Prefix, EntryKind.Anywhere] : [EntryKind.Anywhere])
        {
            for (int start = 0; start < key.Length; start++)
            {
                for (int length = 1; length <= Math.Min(_longest[(int)kind], key.Length - start); length++)
                {
                    if (Lookup(kind, key.AsSpan(start, length), runs, start, language) is { } found)
                    {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    /// <summary>The first phrase that starts at <paramref name="index"/> in the title's words.</summary>
    public Phrase? FindPhrase(IReadOnlyList<string> words, int index, string? language)
    {
        if (!_phrases.TryGetValue(words[index], out var phrases))
        {
            return null;
        }
        foreach (var phrase in phrases)
        {
            if (!phrase.AppliesTo(language) || index + phrase.Words.Length > words.Count)
            {
                continue;
            }
            bool all = true;
            for (int i = 1; i < phrase.Words.Length && all; i++)
            {
                all = words[index + i] == phrase.Words[i];
            }
            if (all)
            {
                return phrase;
            }
        }
        return null;
    }

    public Entry? FindSymbol(string folded, string? language)
    {
        foreach (var (symbol, entry) in _symbols)
        {
            if (entry.AppliesTo(language) && folded.Contains(symbol, StringComparison.Ordinal))
            {
                return entry;
            }
        }
        return null;
    }

    private Entry? Lookup(EntryKind kind, ReadOnlySpan<char> key, Run[] runs, int start, string? language)
    {
        if (!_byKind[(int)kind].GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var entries))
        {
            return null;
        }
        foreach (var entry in entries)
        {
            if (entry.AppliesTo(language) && RunsCover(runs, start, entry.Runs))
            {
                return entry;
            }
        }
        return null;
    }

    /// <summary>Each letter run of the token must be at least as long as the word's (fuuuck ⊇ fuck; as ⊉ ass).</summary>
    private static bool RunsCover(Run[] token, int start, Run[] word)
    {
        for (int i = 0; i < word.Length; i++)
        {
            var t = token[start + i];
            if (t.Letter != word[i].Letter || t.Count < word[i].Count)
            {
                return false;
            }
        }
        return true;
    }
}
