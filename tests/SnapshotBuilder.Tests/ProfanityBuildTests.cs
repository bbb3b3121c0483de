using System.Text.Json.Nodes;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>A build drops evasions in title, author and album as <c>profanity:&lt;list&gt;</c>, by the item's language, and keeps the innocents.</summary>
public class ProfanityBuildTests
{
    [Fact]
    public async Task A_feed_of_traps_and_innocents_drops_every_trap_and_keeps_every_innocent()
    {
        using var dir = new TempDirectory();
        var samples = JsonNode.Parse(File.ReadAllText(RepoPaths.SampleFeed))!.AsArray();
        var template = samples.First(i => i?["title"]?.GetValue<string>() == "Lucky Runaway")!;
        // Each item, and whether the build must drop it (a trap) or keep it (an innocent).
        (string Title, string Author, string Album, string Language, bool Trap)[] items =
        [
            ("Fu\u0441k the Rules", "DJ Koala", "Volume II", "en", true),
            ("Summer Nights", "\U0001d412\U0001d421\U0001d422\U0001d42d Crew", "Volume II", "en", true),
            ("Summer Days", "DJ Koala", "B*tch Better", "fr", true),
            ("Vou te f\u200boder", "MC Lua", "Baile", "pt", true),
            ("Vaffanculo", "Ragazzi", "Estate", "it", true),
            ("Vaffanculo", "I Ragazzi", "Estate", "en", false),
            ("Scunthorpe Nights", "Penistone Brass Band", "Essex Classics", "en", false),
            ("Fukuoka Drive", "Emily Dickinson Tribute", "Cocktail Hour", "ja", false),
            ("C*t Stevens Tribute", "P!nk Cover Band", "Hits", "en", false),
            ("Группа крови", "Кино", "Группа крови", "ru", false),
        ];
        var feed = new JsonArray();
        foreach (var ((title, author, album, language, _), index) in items.Select((item, i) => (item, i)))
        {
            var item = template.DeepClone();
            item["musicId"] = $"72000000000000000{index:00}";
            item["title"] = title;
            item["author"] = author;
            item["album"] = album;
            item["language"] = language;
            feed.Add(item);
        }
        string feedPath = dir.Combine("media-root", "trending.json");
        Directory.CreateDirectory(Path.GetDirectoryName(feedPath)!);
        File.WriteAllText(feedPath, feed.ToJsonString());
        CopyDirectory(Path.Combine(Path.GetDirectoryName(RepoPaths.SampleFeed)!, "media"), dir.Combine("media-root", "media"));

        var report = await Builds.RunAsync(feedPath, new FileObjectStore(dir.Combine("store"), create: true), force: true);

        Assert.Equal(new Dictionary<string, int> { ["profanity:en"] = 3, ["profanity:pt"] = 1, ["profanity:it"] = 1 },
            report.DropReasons.Where(r => r.Key.StartsWith("profanity:", StringComparison.Ordinal)).ToDictionary());
        Assert.Equal((items.Count(i => i.Trap), items.Count(i => !i.Trap), BuildOutcome.Published), (report.Counts.Profanity, report.Counts.Published, report.Outcome));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
