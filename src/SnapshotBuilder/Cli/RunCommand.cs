using System.CommandLine;
using Layers.Catalog.Common;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.SnapshotBuilder.Reporting;
using Layers.SnapshotBuilder.Scheduling;

namespace Layers.SnapshotBuilder.Cli;

/// <summary>
/// <c>SnapshotBuilder run --every 12h …</c>: builds at once, then every interval, until SIGTERM; when is
/// <see cref="BuildSchedule"/>'s (never more often than the interval, whatever a build found; failures
/// retried sooner with backoff). SIGTERM stops the loop at once; a build in flight is
/// cancelled, and since a blob is always written before the manifest is swapped to it, the announced
/// manifest never points at a missing blob. Exits 0 when stopped.
/// </summary>
public static class RunCommand
{
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
            var schedule = new BuildSchedule(parse.GetValue(every));
            string storeUri = parse.GetValue(options.Store)!;
            while (!cancellationToken.IsCancellationRequested)
            {
                var announcedAt = await AnnouncedCreatedAtAsync(storeUri, cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                var wait = schedule.Wait(DateTimeOffset.UtcNow, announcedAt);
                if (wait > TimeSpan.Zero)
                {
                    if (schedule.Failures > 0)
                    {
                        log.Event("warning", "retrying", $"the last build failed ({schedule.Failures} in a row); trying again in {Format(wait)}");
                    }
                    else
                    {
                        string why = announcedAt is { } at ? $"the announced snapshot is {Format(DateTimeOffset.UtcNow - at)} old" : "no snapshot is announced";
                        log.Event("info", "waiting", $"{why}; next build in {Format(wait)}");
                    }
                    if (!await DelayAsync(wait, cancellationToken))
                    {
                        break;
                    }
                    continue;
                }
                var started = DateTimeOffset.UtcNow;
                log.Event("info", "build_started", "build started");
                int exit = await BuildCommand.RunOnceAsync(parse, options, log, cancellationToken);
                if (exit == ExitCodes.Usage)
                {
                    return exit;
                }
                schedule.RecordBuild(started, DateTimeOffset.UtcNow, failed: exit == ExitCodes.Failed);
            }
            log.Event("info", "stopped", "stopped");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>When the announced snapshot was created; null when there is none or it cannot be read (then: build).</summary>
    /// <remarks>Stopping (SIGTERM) during the read is not a failure: the loop sees the cancelled token and ends with exit 0.</remarks>
    private static async Task<DateTimeOffset?> AnnouncedCreatedAtAsync(string storeUri, CancellationToken cancellationToken)
    {
        try
        {
            using var store = ObjectStores.Open(storeUri);
            var current = await new SnapshotPublisher(store).ReadCurrentAsync(cancellationToken);
            return current.Manifest?.CreatedAt;
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
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
