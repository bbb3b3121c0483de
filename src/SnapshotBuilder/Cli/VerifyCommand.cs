using System.CommandLine;
using System.Text.Json;
using Layers.Catalog.Stores;
using Layers.SnapshotBuilder.Fleet;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Cli;

/// <summary><c>verify [--version V]</c>: exit 0 when every check of <see cref="StoreVerifier"/> holds, 1 with what does not.</summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var store = StoreCommand.StoreOption();
        var json = StoreCommand.JsonOption();
        var version = new Option<string?>("--version") { Description = "Check this snapshot instead of the announced one" };
        var mediaStore = new Option<string?>("--media-store") { Description = "Where media is mirrored (default: the store)" };
        var command = new Command("verify", "Check the announced (or given) snapshot, its mirrored media and the key file") { store, version, mediaStore, json };
        command.SetAction((parse, cancellationToken) => StoreCommand.WithStoreAsync(parse.GetValue(store)!, forWriting: false, async objects =>
        {
            using var media = parse.GetValue(mediaStore) is { } mediaUri ? ObjectStores.Open(mediaUri) : null;
            var checks = await new StoreVerifier(objects, media ?? objects).VerifyAsync(parse.GetValue(version), cancellationToken);
            bool ok = checks.All(c => c.Ok);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new VerifyResult(ok, checks), FleetJsonContext.Default.VerifyResult));
            }
            else
            {
                foreach (var check in checks)
                {
                    await Console.Out.WriteLineAsync($"{(check.Ok ? "ok  " : "FAIL")}  {check.Name,-9} {check.Detail}");
                }
            }
            return ok ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
