using BenchmarkDotNet.Attributes;
using Layers.SnapshotBuilder.Profanity;

namespace Layers.Bench;

/// <summary>
/// The profanity filter's cost in a build: 10,000 titles, each matched as the build does (title, author and
/// album, with the item's language). "Labelled" cycles the labelled set (every evasion and innocent class,
/// a third of it non-ASCII, with its 10,000-character hostile titles); "Plain" is ordinary ASCII titles.
/// </summary>
[MemoryDiagnoser]
public class ProfanityBenchmarks
{
    private readonly ProfanityFilter _filter = ProfanityFilter.Load([]);
    private (string Title, string Author, string Album, string Language)[] _labelled = [];
    private (string Title, string Author, string Album, string Language)[] _plain = [];

    [GlobalSetup]
    public void Setup()
    {
        var rows = File.ReadAllLines(Path.Combine(Paths.Repo, "tests", "SnapshotBuilder.Tests", "Fixtures", "profanity", "labelled.tsv"))
            .Select(line => line.Split('\t', 4)).ToArray();
        _labelled = [.. Enumerable.Range(0, 10_000).Select(i =>
        {
            string[] row = rows[i % rows.Length];
            return (row[3], rows[(i * 7 + 3) % rows.Length][3], rows[(i * 13 + 5) % rows.Length][3], row[2]);
        })];
        _plain = [.. BenchData.Tracks(10_000).Select(t => (t.Title, t.Author, t.Album, t.Language))];
        _ = _filter.Match("warm up the Unicode tables: ｆｕｃｋ");
    }

    [Benchmark]
    public int Labelled_10k_titles() => Run(_labelled);

    [Benchmark]
    public int Plain_10k_titles() => Run(_plain);

    private int Run((string Title, string Author, string Album, string Language)[] items)
    {
        int dropped = 0;
        foreach (var (title, author, album, language) in items)
        {
            if ((_filter.Match(title, language) ?? _filter.Match(author, language) ?? _filter.Match(album, language)) is not null)
            {
                dropped++;
            }
        }
        return dropped;
    }
}
