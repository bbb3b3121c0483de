using System.Globalization;
using System.Text;

namespace Layers.SnapshotBuilder.Profanity;

/// <summary>
/// Flags titles, authors and albums that contain a listed word, through the usual evasions:
/// case, accents (ß → ss), leetspeak (0→o 1→i/l 3→e 4→a 5→s 7→t @→a $→s !→i |→l), letters spaced
/// out with separators (<c>f.u.c.k</c>, <c>f u c k</c>, <c>f-u-c-k</c>) and repeated letters
/// (<c>fuuuck</c>). Words are compared whole unless a list entry says otherwise (<c>word*</c> prefix,
/// <c>*word*</c> anywhere), which is what keeps Scunthorpe, Essex, classic and cocktail clean.
/// Lists are data files (Profanity/Lists/*.txt, embedded); more can be added, or replace them.
/// </summary>
public sealed class ProfanityFilter
{
    private readonly List<Entry> _entries = [];
    private readonly HashSet<string> _allowed = new(StringComparer.Ordinal);

    private enum Kind
    {
        Whole,
        Prefix,
        Anywhere,
    }

    private sealed record Entry(string List, Kind Kind, Run[] Runs);

    private readonly record struct Run(char Letter, int Count);

    /// <summary>The embedded lists (en, es, pt, fr, de), plus <paramref name="extraFiles"/>; or only those files when <paramref name="includeDefaults"/> is false.</summary>
    public static ProfanityFilter Load(IEnumerable<string> extraFiles, bool includeDefaults = true)
    {
        var filter = new ProfanityFilter();
        if (includeDefaults)
        {
            var assembly = typeof(ProfanityFilter).Assembly;
            foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.Contains(".Profanity.Lists.", StringComparison.Ordinal)).Order())
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
                string list = resource.Split('.')[^2];
                filter.Add(list, reader.ReadToEnd());
            }
        }
        foreach (string file in extraFiles)
        {
            filter.Add(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file));
        }
        return filter;
    }

    public int EntryCount => _entries.Count;

    public void Add(string list, string content)
    {
        foreach (string raw in content.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith('!'))
            {
                _allowed.Add(Fold(line[1..]));
                continue;
            }
            var kind = line.StartsWith('*') && line.EndsWith('*') && line.Length > 2 ? Kind.Anywhere : line.EndsWith('*') ? Kind.Prefix : Kind.Whole;
            string word = Fold(line.Trim('*'));
            if (word.Length > 0)
            {
                _entries.Add(new Entry(list, kind, Encode(word)));
            }
        }
    }

    /// <summary>The list that matched (e.g. "en"), or null when the text is clean.</summary>
    public string? Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        foreach (var token in Tokens(Fold(text)))
        {
            if (_allowed.Contains(token.Text))
            {
                continue;
            }
            foreach (string variant in LeetVariants(token.Text))
            {
                if (_allowed.Contains(variant))
                {
                    continue;
                }
                var runs = Encode(variant);
                foreach (var entry in _entries)
                {
                    // A spelled-out run may carry a neighbouring one-letter word ("Such a C U N T" → "acunt"),
                    // so every entry is looked for anywhere in it.
                    if (Matches(token.Spelled ? entry with { Kind = Kind.Anywhere } : entry, runs))
                    {
                        return entry.List;
                    }
                }
            }
        }
        return null;
    }

    /// <summary>Lower case, accents removed, ß → ss.</summary>
    internal static string Fold(string text)
    {
        string decomposed = text.ToLowerInvariant().Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '@' or '$' or '!' or '|';

    /// <summary>A word of the text; <see cref="Spelled"/> when it was joined from single characters (f.u.c.k → fuck).</summary>
    internal readonly record struct Token(string Text, bool Spelled);

    /// <summary>Words of the text. '!' and '|' count as letters only inside a word ("sh!t"), not as trailing punctuation ("Hey!").</summary>
    internal static IEnumerable<Token> Tokens(string folded)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (char c in folded)
        {
            if (IsWordChar(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }
        var spelled = new StringBuilder();
        foreach (string raw in words)
        {
            string word = raw.Trim('!', '|');
            if (word.Length == 0)
            {
                continue;
            }
            if (word.Length == 1)
            {
                spelled.Append(word);
                continue;
            }
            if (spelled.Length > 0)
            {
                yield return new Token(spelled.ToString(), true);
                spelled.Clear();
            }
            yield return new Token(word, false);
        }
        if (spelled.Length > 0)
        {
            yield return new Token(spelled.ToString(), true);
        }
    }

    /// <summary>The token with leetspeak undone; '1' may stand for i or l, so both are tried. Plain numbers are not words.</summary>
    internal static IEnumerable<string> LeetVariants(string token)
    {
        if (token.All(char.IsAsciiDigit))
        {
            yield break;
        }
        string withI = Leet(token, '1', 'i');
        yield return withI;
        if (token.Contains('1'))
        {
            yield return Leet(token, '1', 'l');
        }
    }

    private static string Leet(string token, char one, char replacement) => string.Create(token.Length, token, (span, source) =>
    {
        for (int i = 0; i < source.Length; i++)
        {
            span[i] = source[i] switch
            {
                '0' => 'o',
                '3' => 'e',
                '4' => 'a',
                '5' => 's',
                '7' => 't',
                '@' => 'a',
                '$' => 's',
                '!' => 'i',
                '|' => 'l',
                var c when c == one => replacement,
                var c => c,
            };
        }
    });

    private static Run[] Encode(string word)
    {
        var runs = new List<Run>();
        foreach (char c in word)
        {
            if (runs.Count > 0 && runs[^1].Letter == c)
            {
                runs[^1] = runs[^1] with { Count = runs[^1].Count + 1 };
            }
            else
            {
                runs.Add(new Run(c, 1));
            }
        }
        return [.. runs];
    }

    /// <summary>Run-length comparison: each letter run of the token must be at least as long as the word's (fuuuck ⊇ fuck; as ⊉ ass).</summary>
    private static bool Matches(Entry entry, Run[] token)
    {
        var word = entry.Runs;
        return entry.Kind switch
        {
            Kind.Whole => token.Length == word.Length && RunsCover(token, 0, word),
            Kind.Prefix => token.Length >= word.Length && RunsCover(token, 0, word),
            _ => Enumerable.Range(0, Math.Max(0, token.Length - word.Length + 1)).Any(start => RunsCover(token, start, word)),
        };
    }

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
