using Layers.SnapshotBuilder.Profanity.Matching;
using Layers.SnapshotBuilder.Profanity.Normalization;

namespace Layers.SnapshotBuilder.Profanity;

/// <summary>
/// Flags titles, authors and albums that contain a listed word, through the usual evasions: case, accents
/// (ß → ss), Unicode look-alikes (fullwidth, mathematical letters, Cyrillic/Greek letters inside Latin words,
/// combining strokes, invisible characters; see <see cref="TextFolder"/>), leetspeak (0→o 1→i/l 3→e 4→a 5→s
/// 7→t @→a $→s !→i |→l), masked letters (<c>F**k</c>, <c>B*tch</c>; see <see cref="MaskedWords"/>), letters
/// spaced out with separators (<c>f.u.c.k</c>) and repeated letters (<c>fuuuck</c>). Words are compared whole
/// unless a list entry says otherwise (<c>word*</c> prefix, <c>*word*</c> anywhere), which is what keeps
/// Scunthorpe, Essex, classic and cocktail clean.
/// <para>
/// Lists are data files, embedded: ours (Profanity/Lists/*.txt) and the LDNOOBW lists
/// (Profanity/Lists/ldnoobw/*.txt, less the entries in its prune.tsv). Ours and the LDNOOBW lists of en, es,
/// pt, fr and de apply to every title; the other LDNOOBW languages apply to titles in that language.
/// </para>
/// </summary>
public sealed class ProfanityFilter
{
    /// <summary>Languages whose lists apply to every title, whatever its language field says: their words turn up everywhere.</summary>
    private static readonly HashSet<string> EveryTitleLanguages = new(["en", "es", "pt", "fr", "de"], StringComparer.Ordinal);

    private const string ResourcePrefix = "Layers.SnapshotBuilder.Profanity.Lists.";
    private const string LdnoobwPrefix = ResourcePrefix + "ldnoobw.";

    private readonly WordIndex _index = new();
    private readonly HashSet<string> _allowed = new(StringComparer.Ordinal);
    private readonly List<string[]> _allowedPhrases = [];

    private ProfanityFilter()
    {
    }

    /// <summary>The embedded lists, plus <paramref name="extraFiles"/> (applied to every title); or only those files when <paramref name="includeDefaults"/> is false.</summary>
    public static ProfanityFilter Load(IEnumerable<string> extraFiles, bool includeDefaults = true)
    {
        var filter = new ProfanityFilter();
        if (includeDefaults)
        {
            var pruned = PruneList.Parse(ReadResource(LdnoobwPrefix + "prune.tsv"));
            var assembly = typeof(ProfanityFilter).Assembly;
            foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal)).Order())
            {
                string list = resource.Split('.')[^2];
                bool ldnoobw = resource.StartsWith(LdnoobwPrefix, StringComparison.Ordinal);
                string? language = ldnoobw && !EveryTitleLanguages.Contains(list) ? list : null;
                filter.Add(list, ReadResource(resource), language, ldnoobw ? word => pruned.Contains((list, word)) : null);
            }
        }
        foreach (string file in extraFiles)
        {
            filter.Add(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file), language: null, isPruned: null);
        }
        return filter;
    }

    /// <summary>
    /// The list that matched (e.g. "en"), or null when the text is clean. <paramref name="language"/> is the
    /// item's ISO 639-1 code: the lists of that language apply besides those that apply to every title.
    /// </summary>
    public string? Match(string? text, string? language = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        string folded = TextFolder.Fold(text);
        var tokens = Tokenizer.Tokens(folded);
        string[] words = PhraseWords(tokens);
        bool[] allowed = AllowedWords(words);
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (allowed[i] || _allowed.Contains(token.Text))
            {
                continue;
            }
            foreach (string variant in Tokenizer.LeetVariants(token.Text))
            {
                if (!_allowed.Contains(variant) && _index.Find(Tokenizer.Encode(variant), token.Spelled, language) is { } entry)
                {
                    return entry.List;
                }
            }
        }
        for (int i = 0; i < words.Length; i++)
        {
            if (_index.FindPhrase(words, i, language) is { } phrase)
            {
                return phrase.List;
            }
        }
        return (MaskedWords.Find(folded, _index.Entries, language) ?? _index.FindSymbol(folded, language))?.List;
    }

    /// <summary>The words of the title that an allowed phrase ("!moby dick") covers.</summary>
    private bool[] AllowedWords(string[] words)
    {
        bool[] allowed = new bool[words.Length];
        foreach (string[] phrase in _allowedPhrases)
        {
            for (int start = 0; start + phrase.Length <= words.Length; start++)
            {
                if (words.AsSpan(start, phrase.Length).SequenceEqual(phrase))
                {
                    allowed.AsSpan(start, phrase.Length).Fill(true);
                }
            }
        }
        return allowed;
    }

    /// <summary>Words as phrases compare them: leetspeak undone, '1' as i.</summary>
    private static string[] PhraseWords(List<Token> tokens) => [.. tokens.Select(t => Tokenizer.Leet(t.Text, 'i'))];

    /// <summary>
    /// One list in the format of Lists/en.txt: <c>word</c>, <c>word*</c>, <c>*word*</c>, <c>!allowed</c> (a word or phrase), <c># comment</c>;
    /// an entry of several words is a phrase, one with no letters a symbol.
    /// </summary>
    private void Add(string list, string content, string? language, Func<string, bool>? isPruned)
    {
        foreach (string raw in content.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith('!') && line.Length > 1)
            {
                var allowedTokens = Tokenizer.Tokens(TextFolder.Fold(line[1..]));
                if (allowedTokens.Count == 1)
                {
                    _allowed.Add(allowedTokens[0].Text);
                }
                else if (allowedTokens.Count > 1)
                {
                    _allowedPhrases.Add(PhraseWords(allowedTokens));
                }
                continue;
            }
            if (isPruned?.Invoke(TextFolder.Fold(line)) == true)
            {
                continue;
            }
            var kind = line.StartsWith('*') && line.EndsWith('*') && line.Length > 2 ? EntryKind.Anywhere : line.EndsWith('*') ? EntryKind.Prefix : EntryKind.Whole;
            string folded = TextFolder.Fold(line.Trim('*'));
            var tokens = Tokenizer.Tokens(folded);
            if (tokens.Count == 1 && Tokenizer.LeetVariants(tokens[0].Text).FirstOrDefault() is { } word)
            {
                _index.Add(new Entry(list, language, kind, word, Tokenizer.Encode(word)));
            }
            else if (tokens.Count > 1)
            {
                _index.Add(new Phrase(list, language, PhraseWords(tokens)));
            }
            else if (folded.Length > 0 && !folded.Any(char.IsLetterOrDigit))
            {
                _index.AddSymbol(folded, new Entry(list, language, kind, folded, []));
            }
        }
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(ProfanityFilter).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"embedded list {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
