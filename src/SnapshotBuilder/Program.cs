using System.CommandLine;
using System.Runtime.InteropServices;
using Layers.SnapshotBuilder.Cli;
using Layers.SnapshotBuilder.Reporting;

var root = new RootCommand("Layers SnapshotBuilder: turns TikTok's trending feed into catalog snapshots (see docs/contract/builder.md)")
{
    BuildCommand.Create(),
    RunCommand.Create(),
    KeysCommand.Create(),
    RollbackCommand.CreateRollback(),
    RollbackCommand.CreateRelease(),
    SnapshotsCommand.Create(),
    VerifyCommand.Create(),
    PruneCommand.Create(),
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

// SIGTERM (Kubernetes, systemd) and SIGINT (Ctrl+C) cancel the command instead of killing the process:
// a build stops before announcing anything, `run` stops between or inside builds, and both exit cleanly.
using var stopping = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stopping.Token);
