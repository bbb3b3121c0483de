using System.CommandLine;
using System.Text.Json;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.SnapshotBuilder.Fleet;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Cli;

/// <summary><c>snapshots list</c> and <c>snapshots diff</c>: what is in the store, and what a build changed, before an operator rolls it back.</summary>
public static class SnapshotsCommand
{
    public static Command Create()
    {
        var snapshots = new Command("snapshots", "Inspect the snapshots in the store");
        snapshots.Subcommands.Add(List());
        snapshots.Subcommands.Add(Diff());
        return snapshots;
    }

    private static Command List()
    {
        var store = StoreCommand.StoreOption();
        var json = StoreCommand.JsonOption();
        var command = new Command("list", "Every snapshot in the store: version, build time, tracks, size, and which is announced or held") { store, json };
        command.SetAction((parse, cancellationToken) => StoreCommand.WithStoreAsync(parse.GetValue(store)!, forWriting: false, async objects =>
        {
            var manifest = (await new SnapshotPublisher(objects).ReadCurrentAsync(cancellationToken)).Manifest;
            var stored = new StoredSnapshots(objects);
            var rows = new List<SnapshotRow>();
            foreach (var snapshot in await stored.ListAsync(cancellationToken))
            {
                int? tracks = null;
                string? problem = null;
                try
                {
                    tracks = (await stored.LoadAsync(snapshot.Version, cancellationToken))?.Decoded.Meta.TrackCount;
                }
                catch (SnapshotFormatException e)
                {
                    problem = $"corrupt ({e.Reason})";
                }
                rows.Add(new SnapshotRow(snapshot.Version, snapshot.BuiltAt, tracks, snapshot.Size, manifest.RoleOf(snapshot.Version), problem));
            }
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(rows, FleetJsonContext.Default.ListSnapshotRow));
                return ExitCodes.Ok;
            }
            await Console.Out.WriteLineAsync($"{"VERSION",-34} {"BUILT",-20} {"TRACKS",7} {"SIZE",12}  STATE");
            foreach (var row in rows)
            {
                await Console.Out.WriteLineAsync($"{row.Version,-34} {row.BuiltAt.UtcDateTime,-20:yyyy-MM-dd HH:mm:ss} {row.TrackCount?.ToString() ?? "-",7} {row.Size,12:N0}  {string.Join("; ", new[] { row.State, row.Problem }.Where(s => s is not null))}");
            }
            if (manifest?.Hold is { } hold)
            {
                await Console.Out.WriteLineAsync($"held since {hold.Since:O}: {hold.Reason} ('release' lifts it)");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Diff()
    {
        var store = StoreCommand.StoreOption();
        var json = StoreCommand.JsonOption();
        var from = new Argument<string>("from-version") { Description = "The older snapshot" };
        var to = new Argument<string>("to-version") { Description = "The newer snapshot" };
        var command = new Command("diff", "Tracks added, removed and changed (which fields, rank moves) between two snapshots") { store, json, from, to };
        command.SetAction((parse, cancellationToken) => StoreCommand.WithStoreAsync(parse.GetValue(store)!, forWriting: false, async objects =>
        {
            var stored = new StoredSnapshots(objects);
            async Task<LoadedSnapshot> Load(string version) => await stored.LoadAsync(version, cancellationToken)
                ?? throw new UsageException($"no snapshot '{version}' in {objects.Description} ('snapshots list' shows the versions there are)");
            var diff = SnapshotDiff.Between(await Load(parse.GetValue(from)!), await Load(parse.GetValue(to)!));
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(diff, FleetJsonContext.Default.SnapshotDiff));
                return ExitCodes.Ok;
            }
            await Console.Out.WriteLineAsync($"{diff.From} -> {diff.To}: {diff.Added.Count} added, {diff.Removed.Count} removed, {diff.Changed.Count} changed ({diff.RankMoves} rank moves)");
            foreach (var track in diff.Added)
            {
                await Console.Out.WriteLineAsync($"+ {track.Id}  {track.Title} — {track.Author}  (rank {track.Rank?.ToString() ?? "-"})");
            }
            foreach (var track in diff.Removed)
            {
                await Console.Out.WriteLineAsync($"- {track.Id}  {track.Title} — {track.Author}  (was rank {track.Rank?.ToString() ?? "-"})");
            }
            foreach (var track in diff.Changed)
            {
                string rank = track.RankFrom == track.RankTo ? "" : $"  rank {track.RankFrom?.ToString() ?? "-"} -> {track.RankTo?.ToString() ?? "-"}";
                await Console.Out.WriteLineAsync($"~ {track.Id}  {track.Title}  {string.Join(", ", track.Fields)}{rank}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
