using System.Globalization;
using System.Text;

namespace Layers.SnapshotBuilder.Profanity.Normalization;

/// <summary>
/// The two Unicode properties .NET does not expose: a code point's script (UCD Scripts.txt) and its
/// confusable prototype (UTS #39 confusables.txt), both read from the embedded copies in Profanity/Unicode.
/// Only what the folding needs is kept: for each non-ASCII code point that looks like an ASCII letter or
/// digit, that letter (lower case); and, per non-Latin script, the letter of that script that looks like
/// each ASCII letter (to read Latin intruders in a Cyrillic word as Cyrillic).
/// </summary>
internal sealed class UnicodeTables
{
    /// <summary>Script id of Common, Inherited and unassigned code points: they belong to no word's script.</summary>
    public const int NoScript = 0;

    public static UnicodeTables Instance => Shared.Value;

    private static readonly Lazy<UnicodeTables> Shared = new(Load);

    private readonly int[] _rangeStarts;
    private readonly int[] _rangeEnds;
    private readonly int[] _rangeScripts;
    private readonly Dictionary<int, string> _asciiLookAlike;
    private readonly Dictionary<(int Script, char Letter), int> _scriptLookAlike;

    private readonly HashSet<int> _alphabets;

    public int Latin { get; }

    private UnicodeTables(Dictionary<string, int> scriptIds, int[] starts, int[] ends, int[] scripts, Dictionary<int, string> asciiLookAlike)
    {
        Latin = scriptIds["Latin"];
        _alphabets = [NoScript, .. AccentedAlphabets.Select(name => scriptIds[name])];
        _rangeStarts = starts;
        _rangeEnds = ends;
        _rangeScripts = scripts;
        _asciiLookAlike = asciiLookAlike;
        _scriptLookAlike = [];
        // The inverse, for folding a word towards a non-Latin script: the first letter (lowest code point,
        // lower case preferred) of that script whose prototype is one ASCII letter.
        foreach (var (codePoint, ascii) in _asciiLookAlike.OrderBy(p => char.IsUpper(char.ConvertFromUtf32(p.Key), 0)).ThenBy(p => p.Key))
        {
            int script = ScriptOf(codePoint);
            if (ascii.Length == 1 && script != NoScript && script != Latin)
            {
                _scriptLookAlike.TryAdd((script, ascii[0]), codePoint);
            }
        }
    }

    /// <summary>Scripts whose accents are dropped before matching (é → e, й → и): their letters are whole without them.</summary>
    private static readonly string[] AccentedAlphabets = ["Latin", "Greek", "Cyrillic", "Armenian", "Hebrew", "Arabic"];

    public bool StripsAccents(int script) => _alphabets.Contains(script);

    public int ScriptOf(int codePoint)
    {
        int index = Array.BinarySearch(_rangeStarts, codePoint);
        if (index < 0)
        {
            index = ~index - 1;
        }
        return index >= 0 && codePoint <= _rangeEnds[index] ? _rangeScripts[index] : NoScript;
    }

    /// <summary>The ASCII letters or digit (lower case) that <paramref name="codePoint"/> looks like, or null. ASCII itself never maps.</summary>
    public string? AsciiLookAlike(int codePoint) => _asciiLookAlike.GetValueOrDefault(codePoint);

    /// <summary>The letter of <paramref name="script"/> that looks like ASCII <paramref name="letter"/>, or -1.</summary>
    public int LookAlikeIn(int script, char letter) => _scriptLookAlike.TryGetValue((script, letter), out int codePoint) ? codePoint : -1;

    private static UnicodeTables Load()
    {
        var (ids, starts, ends, scripts) = ParseScripts(Resource("Scripts.txt"));
        return new UnicodeTables(ids, starts, ends, scripts, ParseConfusables(Resource("confusables.txt")));
    }

    private static string Resource(string name)
    {
        var assembly = typeof(UnicodeTables).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Layers.SnapshotBuilder.Profanity.Unicode.{name}")
            ?? throw new InvalidOperationException($"embedded Unicode data {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static (Dictionary<string, int> Ids, int[] Starts, int[] Ends, int[] Scripts) ParseScripts(string text)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal) { ["Common"] = NoScript, ["Inherited"] = NoScript };
        var ranges = new List<(int Start, int End, int Script)>();
        foreach (string[] fields in DataLines(text))
        {
            string name = fields[1];
            if (!ids.TryGetValue(name, out int id))
            {
                id = ids.Count;
                ids[name] = id;
            }
            string[] bounds = fields[0].Split("..");
            ranges.Add((Hex(bounds[0]), Hex(bounds[^1]), id));
        }
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        return (ids, [.. ranges.Select(r => r.Start)], [.. ranges.Select(r => r.End)], [.. ranges.Select(r => r.Script)]);
    }

    private static Dictionary<int, string> ParseConfusables(string text)
    {
        var prototypes = new Dictionary<int, string>();
        foreach (string[] fields in DataLines(text))
        {
            if (fields[0].Contains(' ', StringComparison.Ordinal))
            {
                continue;
            }
            prototypes[Hex(fields[0])] = string.Concat(fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => char.ConvertFromUtf32(Hex(h))));
        }

        // A lower-case letter often has a non-ASCII prototype where its capital has an ASCII one (Cyrillic
        // к → ĸ, К → K): after case folding the title's к still reads as k. So each code point tries its own
        // prototype, then its capital's.
        var lookAlike = new Dictionary<int, string>();
        foreach (int codePoint in prototypes.Keys.Concat(prototypes.Keys.Select(LowerOf)).Distinct())
        {
            // ASCII never maps (d → cl would make "click" read as "dick"); nor do marks, which are no letter by themselves.
            if (codePoint < 0x80 || TextFolder.IsMark(CharUnicodeInfo.GetUnicodeCategory(codePoint)))
            {
                continue;
            }
            string? ascii = AsciiOf(prototypes.GetValueOrDefault(codePoint)) ?? AsciiOf(prototypes.GetValueOrDefault(UpperOf(codePoint)));
            if (ascii is not null)
            {
                // The prototype of every I-shaped letter is l; a capital (Cyrillic І, Greek Ι) is read as the I it stands for.
                lookAlike[codePoint] = ascii == "l" && UpperOf(codePoint) == codePoint && LowerOf(codePoint) != codePoint ? "i" : ascii;
            }
        }

        // Latin small capitals are letters, not look-alikes, so UTS #39 gives most of them no prototype.
        foreach (var (codePoint, letter) in SmallCapitals)
        {
            lookAlike.TryAdd(codePoint, letter.ToString());
        }

        // Letters in boxes and flags that have no compatibility decomposition (NFKC leaves them) and no
        // confusables entry: negative circled, negative squared, regional indicators.
        foreach (int first in (int[])[0x1F150, 0x1F170, 0x1F1E6])
        {
            for (int i = 0; i < 26; i++)
            {
                lookAlike[first + i] = ((char)('a' + i)).ToString();
            }
        }
        return lookAlike;
    }

    private static readonly (int CodePoint, char Letter)[] SmallCapitals =
    [
        (0x1D00, 'a'), (0x0299, 'b'), (0x1D04, 'c'), (0x1D05, 'd'), (0x1D07, 'e'), (0xA730, 'f'), (0x0262, 'g'), (0x029C, 'h'),
        (0x026A, 'i'), (0x1D0A, 'j'), (0x1D0B, 'k'), (0x029F, 'l'), (0x1D0D, 'm'), (0x0274, 'n'), (0x1D0F, 'o'), (0x1D18, 'p'),
        (0xA7AF, 'q'), (0x0280, 'r'), (0xA731, 's'), (0x1D1B, 't'), (0x1D1C, 'u'), (0x1D20, 'v'), (0x1D21, 'w'), (0x028F, 'y'),
        (0x1D22, 'z'),
    ];

    /// <summary>The prototype as lower-case ASCII letters and digits (accents dropped), or null if it has anything else.</summary>
    private static string? AsciiOf(string? prototype)
    {
        if (prototype is null)
        {
            return null;
        }
        var builder = new StringBuilder(prototype.Length);
        foreach (char c in prototype.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                return null;
            }
        }
        return builder.Length > 0 ? builder.ToString() : null;
    }

    private static int UpperOf(int codePoint) => ChangeCase(codePoint, upper: true);

    private static int LowerOf(int codePoint) => ChangeCase(codePoint, upper: false);

    private static int ChangeCase(int codePoint, bool upper)
    {
        if (codePoint is >= 0xD800 and <= 0xDFFF)
        {
            return codePoint;
        }
        string text = char.ConvertFromUtf32(codePoint);
        string changed = upper ? text.ToUpperInvariant() : text.ToLowerInvariant();
        return char.ConvertToUtf32(changed, 0);
    }

    private static int Hex(string text) => int.Parse(text.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>The ';'-separated fields of each data line (comments and blank lines skipped).</summary>
    private static IEnumerable<string[]> DataLines(string text)
    {
        foreach (string raw in text.Split('\n'))
        {
            int hash = raw.IndexOf('#', StringComparison.Ordinal);
            string line = (hash >= 0 ? raw[..hash] : raw).Trim().TrimStart('\uFEFF');
            if (line.Length > 0)
            {
                yield return line.Split(';').Select(f => f.Trim()).ToArray();
            }
        }
    }
}
