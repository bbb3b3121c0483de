using System.Diagnostics;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.Catalog.Tracks;
using Layers.SnapshotBuilder.Feed;
using Layers.SnapshotBuilder.Http;
using Layers.SnapshotBuilder.Media;
using Layers.SnapshotBuilder.Pipeline.Stages;
using Layers.SnapshotBuilder.Profanity;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Pipeline;

/// <summary>How a build runs. <see cref="Media"/> defaults to no allowed hosts (local media only) and the default volume thresholds.</summary>
public sealed record BuildOptions(string MediaBaseUrl, bool Force, MediaOptions? Media = null, ProfanityFilter? Profanity = null)
{
    public MediaOptions MediaPolicy => Media ?? new MediaOptions(new HashSet<string>(), new Audio.VolumeThresholds());

    public ProfanityFilter ProfanityPolicy => Profanity ?? DefaultProfanity.Value;

    private static readonly Lazy<ProfanityFilter> DefaultProfanity = new(() => ProfanityFilter.Load([]));
}

/// <summary>
/// One build (docs/contract/builder.md), Hollow's producer cycle as stages in order: populate (fetch, dedupe, profanity,
/// media, retain) → validate → serialize → publish and announce. Each stage takes the last one's output and counts
/// what it drops; this class times each and records it in one place. Any failure or veto leaves the announced
/// snapshot as it was.
/// </summary>
public sealed class SnapshotBuild(IFeedSource feed, IObjectStore store, IObjectStore mediaStore, HttpFetch fetch, BuildOptions options, TimeProvider clock, IBuildLog log)
{
    public async Task<BuildReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new BuildReport { Source = feed.Description, Store = store.Description, StartedAt = clock.GetUtcNow() };
        var total = Stopwatch.StartNew();
        try
        {
            await RunCycleAsync(report, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            report.Outcome = BuildOutcome.Failed;
            report.Reason = "cancelled before publishing";
        }
        catch (FeedException e)
        {
            report.Outcome = BuildOutcome.Failed;
            report.Reason = $"feed failed: {e.Message}";
        }
        catch (Exception e) when (e is IOException or HttpRequestException or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or InvalidOperationException or UnauthorizedAccessException)
        {
            report.Outcome = BuildOutcome.Failed;
            report.Reason = $"store failed: {e.Message}";
        }
        report.TimingsMs["total"] = total.ElapsedMilliseconds;
        report.FinishedAt = clock.GetUtcNow();
        log.Event(report.Outcome is BuildOutcome.Failed or BuildOutcome.LostRace ? "error" : report.Outcome is BuildOutcome.Vetoed or BuildOutcome.Held ? "warning" : "info", "build_finished",
            $"build {report.Outcome.ToString().ToLowerInvariant()}: {report.Reason ?? report.Version} " +
                      $"({string.Join(", ", report.Stages)}; " +
                      $"downloads {report.Work.Downloads}, decodes {report.Work.Decodes}, uploads {report.Work.Uploads})");
        return report;
    }

    private async Task RunCycleAsync(BuildReport report, CancellationToken cancellationToken)
    {
        var publisher = new SnapshotPublisher(store);
        var current = await publisher.ReadCurrentAsync(cancellationToken);
        report.PreviousVersion = current.Manifest?.Version;
        if (current.Problem is not null)
        {
            log.Event("warning", "manifest_unreadable", $"the announced manifest is unreadable ({current.Problem}); this build may replace it");
        }
        var retention = new Retention(store);
        var mirror = new MediaMirror(mediaStore, fetch, options.MediaPolicy, clock);
        IPublishValidator[] validators =
        [
            new NotEmptyValidator(), new ShrinkValidator(), new UniqueIdsValidator(), new PermanentUrlValidator(options.MediaBaseUrl),
            new MirroredMediaValidator(mediaStore, options.MediaPolicy.Concurrency * 2),
        ];

        var fetched = await RunAsync(new FetchStage(report.Sources, log), feed, report, cancellationToken);
        var unique = await RunAsync(new DedupeStage(), fetched.Output, report, cancellationToken);
        var clean = await RunAsync(new ProfanityStage(options.ProfanityPolicy), unique.Output, report, cancellationToken);
        var trending = await RunAsync(new MediaStage(mirror, options.MediaPolicy.Concurrency, report.Work, log), clean.Output, report, cancellationToken);
        var catalog = await RunAsync(new RetainStage(retention, options.MediaBaseUrl, clock), trending.Output, report, cancellationToken);
        report.Counts.Retained = catalog.Out - catalog.In;

        var vetoes = (await RunAsync(new ValidateStage(validators, current.Manifest, options.Force), catalog.Output.Tracks, report, cancellationToken)).Output;
        if (vetoes.Count > 0)
        {
            report.Vetoes.AddRange(vetoes);
            report.Outcome = BuildOutcome.Vetoed;
            report.Reason = string.Join("; ", vetoes.Select(v => v.Message));
            return;
        }

        var snapshot = await RunAsync(new SerializeStage(clock), catalog.Output.Tracks, report, cancellationToken);
        report.Counts.Published = snapshot.Output.Written.TrackCount;
        var published = (await RunAsync(new PublishStage(publisher, current, retention, catalog.Output.Retention), snapshot.Output, report, cancellationToken)).Output;
        (report.Outcome, report.Version, report.Reason) = (published.Outcome, published.Version, published.Reason);
    }

    /// <summary>Runs one stage, timed, and records what it did in the report (what it had done, if it fails part way).</summary>
    private static async Task<StageResult<TOut>> RunAsync<TIn, TOut>(IBuildStage<TIn, TOut> stage, TIn input, BuildReport report, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        StageResult<TOut> result;
        try
        {
            result = await stage.RunAsync(input, cancellationToken);
        }
        catch when (stage is IStageProgress sofar)
        {
            report.Record(stage.Name, sofar.In, sofar.Out, sofar.Drops, clock.ElapsedMilliseconds, failed: true);
            throw;
        }
        report.Record(stage.Name, result.In, result.Out, result.Drops, clock.ElapsedMilliseconds);
        return result;
    }
}
