using Layers.SnapshotBuilder.Profanity;

namespace Layers.SnapshotBuilder.Tests;

public class ProfanityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly ProfanityFilter Filter = ProfanityFilter.Load([]);

    [Theory]
    [InlineData("fuck")]
    [InlineData("FUCK")]
    [InlineData("Fück")]
    [InlineData("f.u.c.k")]
    [InlineData("f u c k")]
    [InlineData("f-u-c-k")]
    [InlineData("fuuuuuck")]
    [InlineData("sh1t")]
    [InlineData("5h!t")]
    [InlineData("@$$hole")]
    [InlineData("B1TCH")]
    [InlineData("motherfucker")]
    [InlineData("c u n t")]
    [InlineData("Scheiße")]
    [InlineData("hijo de PUTA")]
    [InlineData("C.A.R.A.L.H.O")]
    [InlineData("put41n")]
    public void Catches_the_usual_evasions(string text) => Assert.NotNull(Filter.Match(text));

    [Theory]
    [InlineData("Scunthorpe")]
    [InlineData("Essex")]
    [InlineData("Sussex")]
    [InlineData("classic")]
    [InlineData("assassin")]
    [InlineData("cocktail")]
    [InlineData("Dickens")]
    [InlineData("Hancock")]
    [InlineData("Penistone")]
    [InlineData("Shiitake")]
    [InlineData("as")]
    [InlineData("Take 5")]
    [InlineData("Fickle")]
    [InlineData("Salopettes")]
    [InlineData("")]
    public void Keeps_innocent_words_that_contain_a_listed_one(string text) => Assert.Null(Filter.Match(text));

    [Fact]
    public void Reports_which_list_matched() =>
        Assert.Equal(("en", "es", "pt", "fr", "de"), (Filter.Match("shit"), Filter.Match("pendejo"), Filter.Match("caralho"), Filter.Match("connard"), Filter.Match("arschloch")));

    [Fact]
    public void Lists_can_be_extended_and_replaced_by_files()
    {
        using var dir = new Layers.TestSupport.TempDirectory();
        string extra = dir.Combine("house.txt");
        File.WriteAllText(extra, "# house rules\nfrobnicat*\n!frobnicated\n");
        var extended = ProfanityFilter.Load([extra]);
        Assert.Equal("house", extended.Match("Frobnicating Tonight"));
        Assert.Null(extended.Match("Frobnicated"));
        Assert.Equal("en", extended.Match("shit"));

        var replaced = ProfanityFilter.Load([extra], includeDefaults: false);
        Assert.Null(replaced.Match("shit"));
        Assert.Equal("house", replaced.Match("frobnicate"));
    }

    [Fact]
    public void Labelled_set_precision_and_recall()
    {
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "profanity", "labelled.tsv"))
            .Select(line => line.Split('\t', 2)).Select(f => (Profane: f[0] == "1", Text: f[1])).ToList();
        Assert.True(rows.Count >= 300, $"only {rows.Count} labelled strings");

        var falsePositives = rows.Where(r => !r.Profane && Filter.Match(r.Text) is not null).Select(r => r.Text).ToList();
        var falseNegatives = rows.Where(r => r.Profane && Filter.Match(r.Text) is null).Select(r => r.Text).ToList();
        int truePositives = rows.Count(r => r.Profane) - falseNegatives.Count;
        double precision = (double)truePositives / (truePositives + falsePositives.Count);
        double recall = (double)truePositives / rows.Count(r => r.Profane);
        output.WriteLine($"{rows.Count} strings ({rows.Count(r => r.Profane)} profane): precision {precision:0.000}, recall {recall:0.000}");
        output.WriteLine($"false positives: {string.Join(" | ", falsePositives)}");
        output.WriteLine($"false negatives: {string.Join(" | ", falseNegatives)}");

        Assert.True(precision >= 0.98, $"precision {precision:0.000}; false positives: {string.Join(" | ", falsePositives)}");
        Assert.True(recall >= 0.98, $"recall {recall:0.000}; false negatives: {string.Join(" | ", falseNegatives)}");
    }
}
