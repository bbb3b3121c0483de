using System.CommandLine;
using Layers.SnapshotBuilder.Cli;
using Layers.SnapshotBuilder.Reporting;

var root = new RootCommand("Layers SnapshotBuilder: turns TikTok's trending feed into catalog snapshots (see SPEC §5)")
{
    BuildCommand.Create(),
    KeysCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }
    Console.Error.WriteLine("Run 'SnapshotBuilder --help' for usage.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
