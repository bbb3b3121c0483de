using Layers.SnapshotBuilder.Profanity.Normalization;

namespace Layers.SnapshotBuilder.Profanity;

/// <summary>
/// Lists/ldnoobw/prune.tsv: LDNOOBW entries left out because they would drop innocent titles. One line per
/// entry: language, entry (as the list spells it), reason; '#' starts a comment. A line without a reason is an
/// error, so no entry is dropped without one being written down.
/// </summary>
internal static class PruneList
{
    public readonly record struct Line(string Language, string Entry, string Reason);

    public static List<Line> Lines(string content)
    {
        var lines = new List<Line>();
        foreach (var (raw, number) in content.Split('\n').Select((l, i) => (l.TrimEnd('\r'), i + 1)))
        {
            if (raw.Trim().Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }
            string[] fields = raw.Split('\t');
            if (fields.Length != 3 || fields.Any(f => f.Trim().Length == 0))
            {
                throw new FormatException($"prune.tsv line {number}: expected language<TAB>entry<TAB>reason, got '{raw}'");
            }
            lines.Add(new Line(fields[0].Trim(), fields[1].Trim(), fields[2].Trim()));
        }
        return lines;
    }

    /// <summary>(language, folded entry) pairs to leave out.</summary>
    public static HashSet<(string Language, string Entry)> Parse(string content) =>
        Lines(content).Select(l => (l.Language, TextFolder.Fold(l.Entry))).ToHashSet();
}
