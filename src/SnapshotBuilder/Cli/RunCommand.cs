using System.CommandLine;
using Layers.Catalog.Common;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Cli;

/// <summary>
/// <c>SnapshotBuilder run --every 12h …</c>: builds at once, then every interval, until SIGTERM. A replica
/// that finds an announced snapshot younger than the interval waits out the rest of it instead of building
/// again, so several replicas share the schedule. After a failed or vetoed build it tries again sooner
/// (a quarter of the interval, at most 30 minutes). SIGTERM stops the loop at once; a build in flight is
/// cancelled, and since a blob is always written before the manifest is swapped to it, the announced
/// manifest never points at a missing blob. Exits 0 when stopped.
/// </summary>
public static class RunCommand
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(30);

    public static Command Create()
    {
        var options = new BuildCommandOptions();
        var every = new Option<TimeSpan>("--every")
        {
            Description = "Interval between builds (e.g. 12h, 30m)",
            Required = true,
            CustomParser = result =>
            {
                if (Durations.TryParse(result.Tokens.Single().Value, out var value))
                {
                    return value;
                }
                result.AddError("--every takes a duration like 30m or 12h");
                return default;
            },
        };
        var command = new Command("run", "Build now, then every interval, until stopped") { every };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var log = IBuildLog.ForConsole();
            var interval = parse.GetValue(every);
            while (!cancellationToken.IsCancellationRequested)
            {
                var age = await AnnouncedAgeAsync(parse.GetValue(options.Store)!, cancellationToken);
                if (age is { } announcedAge && announcedAge < interval)
                {
                    var wait = interval - announcedAge;
                    log.Event("info", "waiting", $"the announced snapshot is {Format(announcedAge)} old; next build in {Format(wait)}");
                    if (!await DelayAsync(wait, cancellationToken))
                    {
                        break;
                    }
                    continue;
                }
                int exit = await BuildCommand.RunOnceAsync(parse, options, log, cancellationToken);
                if (exit == ExitCodes.Usage)
                {
                    return exit;
                }
                if (exit != ExitCodes.Ok && !cancellationToken.IsCancellationRequested)
                {
                    var retry = interval / 4 < MaxRetryDelay ? interval / 4 : MaxRetryDelay;
                    log.Event("warning", "retrying", $"the build did not publish (exit {exit}); trying again in {Format(retry)}");
                    if (!await DelayAsync(retry, cancellationToken))
                    {
                        break;
                    }
                }
            }
            log.Event("info", "stopped", "stopped");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>How old the announced snapshot is; null when there is none or it cannot be read (then: build).</summary>
    private static async Task<TimeSpan?> AnnouncedAgeAsync(string storeUri, CancellationToken cancellationToken)
    {
        try
        {
            using var store = ObjectStores.Open(storeUri);
            var current = await new SnapshotPublisher(store).ReadCurrentAsync(cancellationToken);
            return current.Manifest is { } manifest ? DateTimeOffset.UtcNow - manifest.CreatedAt : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Format(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0.#} s";
}
