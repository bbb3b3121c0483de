using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>The builder's command line as operators and cron run it: a real process, real exit codes, real output.</summary>
internal static class BuilderCli
{
    public static readonly string Dll = typeof(Cli.BuildCommand).Assembly.Location;

    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        start.Environment.Remove("TIKTOK_ACCESS_TOKEN"); // the machine's token never reaches a test's builder unasked
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout, await stderr);
    }

    public static Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>
    /// The sample feed, changed by <paramref name="edit"/>, in a folder of its own with a copy of the sample media
    /// (local feeds name media relative to the feed file). Returns the feed's path.
    /// </summary>
    public static string SampleFeedVariant(string folder, Action<JsonArray> edit)
    {
        string sampleDir = Path.GetDirectoryName(RepoPaths.SampleFeed)!;
        Directory.CreateDirectory(Path.Combine(folder, "media"));
        foreach (string file in Directory.GetFiles(Path.Combine(sampleDir, "media")))
        {
            File.Copy(file, Path.Combine(folder, "media", Path.GetFileName(file)));
        }
        var items = JsonNode.Parse(File.ReadAllText(RepoPaths.SampleFeed))!.AsArray();
        edit(items);
        string feed = Path.Combine(folder, "trending.json");
        File.WriteAllText(feed, items.ToJsonString());
        return feed;
    }
}
