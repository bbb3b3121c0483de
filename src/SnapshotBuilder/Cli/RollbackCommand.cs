using System.CommandLine;
using Layers.SnapshotBuilder.Fleet;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Cli;

/// <summary>
/// <c>rollback --to V --reason R</c> and <c>release [--to V]</c>: the fleet lever (see <see cref="FleetAnnouncer"/>).
/// A target that is missing or corrupt is refused with the manifest untouched (exit 1).
/// </summary>
public static class RollbackCommand
{
    public static Command CreateRollback()
    {
        var store = StoreCommand.StoreOption();
        var to = new Option<string>("--to") { Description = "The version to announce and hold (see 'snapshots list')", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, for the next operator (stored in the manifest's hold)", Required = true }
            .Require(text => text is { Length: <= 500 } && !string.IsNullOrWhiteSpace(text), _ => "--reason must be 1-500 characters");
        var command = new Command("rollback", "Announce an earlier snapshot and hold it: builds keep writing blobs but do not announce until 'release'") { store, to, reason };
        command.SetAction((parse, cancellationToken) => StoreCommand.WithStoreAsync(parse.GetValue(store)!, forWriting: false, async objects =>
        {
            string version = parse.GetValue(to)!;
            string? previous = await new FleetAnnouncer(objects, TimeProvider.System).RollbackAsync(version, parse.GetValue(reason)!.Trim(), cancellationToken);
            await Console.Out.WriteLineAsync($"rolled back to {version} (was {previous ?? "nothing"}) and held; every edge serves it within one poll. Builds write but do not announce until 'release'.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command CreateRelease()
    {
        var store = StoreCommand.StoreOption();
        var to = new Option<string?>("--to") { Description = "Announce this version as the hold is lifted (default: keep the announced one)" };
        var command = new Command("release", "Lift a rollback's hold, so the next build is announced again") { store, to };
        command.SetAction((parse, cancellationToken) => StoreCommand.WithStoreAsync(parse.GetValue(store)!, forWriting: false, async objects =>
        {
            string? version = parse.GetValue(to);
            var lifted = await new FleetAnnouncer(objects, TimeProvider.System).ReleaseAsync(version, cancellationToken);
            await Console.Out.WriteLineAsync(lifted is null
                ? "no hold: nothing to release (the announced version is not held)"
                : $"released the hold on {lifted.HeldVersion} (held since {lifted.Since:O}: {lifted.Reason}); {(version is null ? $"{lifted.HeldVersion} stays announced" : $"{version} is announced")}; the next build is announced again");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
