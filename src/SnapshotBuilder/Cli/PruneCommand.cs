using System.CommandLine;
using Layers.SnapshotBuilder.Fleet;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Cli;

/// <summary><c>prune --keep-days N [--dry-run]</c>: see <see cref="SnapshotPruner"/> for what it never deletes.</summary>
public static class PruneCommand
{
    public static Command Create()
    {
        var store = StoreCommand.StoreOption();
        var keepDays = new Option<int>("--keep-days") { Description = "Keep snapshots built in the last N days (1-36500)", Required = true }.InRange(1, 36_500);
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be deleted; delete nothing" };
        var command = new Command("prune", "Delete old snapshot blobs that nothing announces or holds (never media, never the manifest's)") { store, keepDays, dryRun };
        command.SetAction((parse, cancellationToken) => StoreCommand.WithStoreAsync(parse.GetValue(store)!, forWriting: false, async objects =>
        {
            bool dry = parse.GetValue(dryRun);
            var result = await new SnapshotPruner(objects, TimeProvider.System).PruneAsync(TimeSpan.FromDays(parse.GetValue(keepDays)), dry, cancellationToken);
            foreach (var snapshot in result.Deleted)
            {
                await Console.Out.WriteLineAsync($"{(dry ? "would delete" : "deleted")} {snapshot.Version} (built {snapshot.BuiltAt:O}, {snapshot.Size:N0} bytes)");
            }
            foreach (var kept in result.Kept.Where(k => k.Why != "younger than the cut-off"))
            {
                await Console.Out.WriteLineAsync($"kept {kept.Snapshot.Version}: {kept.Why}");
            }
            await Console.Out.WriteLineAsync($"{result.Deleted.Count} {(dry ? "would be deleted" : "deleted")}, {result.Kept.Count} kept");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
