using System.Text;

namespace Layers.SnapshotBuilder.Profanity.Matching;

/// <summary>A word of a folded text; <see cref="Spelled"/> when it was joined from single characters (f.u.c.k → fuck).</summary>
internal readonly record struct Token(string Text, bool Spelled);

/// <summary>A run of one letter: "fuuuck" is f×1 u×3 c×1 k×1.</summary>
internal readonly record struct Run(char Letter, int Count);

/// <summary>Splits folded text into words, undoes leetspeak, and encodes words as letter runs.</summary>
internal static class Tokenizer
{
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '@' or '$' or '!' or '|';

    /// <summary>Words of the text. '!' and '|' count as letters only inside a word ("sh!t"), not as trailing punctuation ("Hey!").</summary>
    public static List<Token> Tokens(string folded)
    {
        var tokens = new List<Token>();
        var spelled = new StringBuilder();
        foreach (var span in WordSpans(folded, IsWordChar))
        {
            string word = folded[span].Trim('!', '|');
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
                tokens.Add(new Token(spelled.ToString(), true));
                spelled.Clear();
            }
            tokens.Add(new Token(word, false));
        }
        if (spelled.Length > 0)
        {
            tokens.Add(new Token(spelled.ToString(), true));
        }
        return tokens;
    }

    /// <summary>Where the words of <paramref name="text"/> are: each longest run of characters that <paramref name="isWordChar"/> accepts, in order.</summary>
    public static IEnumerable<Range> WordSpans(string text, Func<char, bool> isWordChar)
    {
        int index = 0;
        while (index < text.Length)
        {
            if (!isWordChar(text[index]))
            {
                index++;
                continue;
            }
            int start = index;
            while (index < text.Length && isWordChar(text[index]))
            {
                index++;
            }
            yield return start..index;
        }
    }

    /// <summary>The token with leetspeak undone; '1' may stand for i or l, so both are tried. Plain numbers are not words.</summary>
    public static IEnumerable<string> LeetVariants(string token)
    {
        if (token.All(char.IsAsciiDigit))
        {
            yield break;
        }
        yield return Leet(token, 'i');
        if (token.Contains('1'))
        {
            yield return Leet(token, 'l');
        }
    }

    /// <summary>Leetspeak undone, '1' read as <paramref name="one"/>.</summary>
    public static string Leet(string token, char one) => string.Create(token.Length, (token, one), (span, state) =>
    {
        for (int i = 0; i < state.token.Length; i++)
        {
            span[i] = Unleet(state.token[i], state.one);
        }
    });

    public static char Unleet(char c, char one) => c switch
    {
        '0' => 'o',
        '1' => one,
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        '!' => 'i',
        '|' => 'l',
        _ => c,
    };

    public static Run[] Encode(string word)
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

    /// <summary>The letters of the runs, one per run ("fuuuck" → "fuck"): the key words are looked up by.</summary>
    public static string Collapse(Run[] runs) => string.Create(runs.Length, runs, (span, source) =>
    {
        for (int i = 0; i < source.Length; i++)
        {
            span[i] = source[i].Letter;
        }
    });
}
