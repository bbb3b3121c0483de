using System.Diagnostics;
using System.Security.Cryptography;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.Catalog.Tracks;
using Layers.SnapshotBuilder.Feed;
using Layers.SnapshotBuilder.Http;
using Layers.SnapshotBuilder.Media;
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
/// One build (docs/contract/builder.md), Hollow's producer cycle: populate (fetch, validate, dedupe) → validate the
/// result → publish the blob → announce it. Any failure or veto leaves the announced snapshot as it was.
/// </summary>
public sealed class SnapshotBuild(IFeedSource feed, IObjectStore store, IObjectStore mediaStore, HttpFetch fetch, BuildOptions options, TimeProvider clock, IBuildLog log)
{
    private readonly MediaMirror _media = new(mediaStore, fetch, options.MediaPolicy, clock);

    public async Task<BuildReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new BuildReport { Source = feed.Description, Store = store.Description, StartedAt = clock.GetUtcNow() };
        var total = Stopwatch.StartNew();
        try
        {
            await RunStagesAsync(report, cancellationToken);
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
                      $"(fetched {report.Counts.Fetched}, invalid {report.Counts.Invalid}, duplicate {report.Counts.Duplicate}, profanity {report.Counts.Profanity}, " +
                      $"media {report.Counts.Media}, volume {report.Counts.Volume}, published {report.Counts.Published}; " +
                      $"downloads {report.Work.Downloads}, decodes {report.Work.Decodes}, uploads {report.Work.Uploads})");
        return report;
    }

    private async Task RunStagesAsync(BuildReport report, CancellationToken cancellationToken)
    {
        var stage = Stopwatch.StartNew();
        var publisher = new SnapshotPublisher(store);
        var current = await publisher.ReadCurrentAsync(cancellationToken);
        report.PreviousVersion = current.Manifest?.Version;
        if (current.Problem is not null)
        {
            log.Event("warning", "manifest_unreadable", $"the announced manifest is unreadable ({current.Problem}); this build may replace it");
        }

        var candidates = new List<Candidate>();
        var perSource = feed.Origins.Distinct().ToDictionary(o => o, o => (Counts: report.AddSource(o.Description), Validator: new ItemValidator(o.MediaRoot)));
        await foreach (var record in feed.ReadAsync(cancellationToken))
        {
            report.Counts.Fetched++;
            log.Progress("fetch", report.Counts.Fetched, 0);
            var source = perSource[record.Origin];
            source.Counts.Fetched++;
            source.Counts.Format = record.Origin.Format;
            var validation = record.MalformedError is not null ? ItemValidation.Invalid("malformed_json")
                : record.InvalidReason is { } refused ? ItemValidation.Invalid(refused)
                : source.Validator.Validate(record.Item);
            if (validation.Candidate is null)
            {
                report.Counts.Invalid++;
                source.Counts.Invalid++;
                report.InvalidReasons.Tally(validation.Reason!);
                continue;
            }
            candidates.Add(validation.Candidate);
        }
        log.Progress("fetch", report.Counts.Fetched, report.Counts.Fetched);
        report.TimingsMs["fetch"] = Lap(stage);

        var (unique, duplicates) = Deduplicator.Dedupe(candidates);
        report.Counts.Duplicate = duplicates;
        var clean = DropProfane(unique, report);
        report.TimingsMs["clean"] = Lap(stage);

        var mirrored = await MirrorMediaAsync(clean, report, cancellationToken);
        report.TimingsMs["media"] = Lap(stage);
        var trending = mirrored.Select(m => ToTrack(m.Id, m.Candidate)).OrderBy(t => t, TrackOrder.Instance).ToList();
        var retention = new Retention(store);
        var seen = await retention.LoadAsync(cancellationToken);
        var (tracks, retentionState) = Retention.Merge(trending, seen.Tracks, clock.GetUtcNow(), options.MediaBaseUrl);
        report.Counts.Retained = tracks.Count - trending.Count;

        var candidate = new PublishCandidate(tracks, current.Manifest, options.Force);
        IPublishValidator[] validators =
        [
            new NotEmptyValidator(), new ShrinkValidator(), new UniqueIdsValidator(), new PermanentUrlValidator(options.MediaBaseUrl),
            new MirroredMediaValidator(mediaStore, options.MediaPolicy.Concurrency * 2),
        ];
        foreach (var validator in validators)
        {
            if (await validator.ValidateAsync(candidate, cancellationToken) is { } veto)
            {
                report.Vetoes.Add(veto);
            }
        }
        report.TimingsMs["validate"] = Lap(stage);
        if (report.Vetoes.Count > 0)
        {
            report.Outcome = BuildOutcome.Vetoed;
            report.Reason = string.Join("; ", report.Vetoes.Select(v => v.Message));
            return;
        }

        var createdAt = clock.GetUtcNow();
        createdAt = createdAt.AddTicks(-(createdAt.Ticks % TimeSpan.TicksPerSecond));
        string version = $"{createdAt:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var written = SnapshotWriter.Write(version, createdAt, tracks);
        report.TimingsMs["serialize"] = Lap(stage);
        report.Counts.Published = written.TrackCount;

        var manifest = Manifest.Of(version, createdAt, written.Blob, written.TrackCount, written.ResolvableCount, written.ContentSha256);
        if (current.Manifest?.Hold is { } hold)
        {
            // A rollback pinned the fleet: the blob is kept for `release --to`, the announcement is left alone.
            await publisher.WriteBlobAsync(manifest.Blob, written.Blob, cancellationToken);
            report.TimingsMs["publish"] = Lap(stage);
            report.Version = version;
            report.Outcome = BuildOutcome.Held;
            report.Reason = $"the announcement is held at {hold.HeldVersion} since {hold.Since:O} ({hold.Reason}); {version} was written, not announced (release lifts the hold)";
            return;
        }

        if (current.Manifest?.ContentSha256 == written.ContentSha256)
        {
            await retention.SaveAsync(retentionState, seen.ETag, cancellationToken);
            report.Outcome = BuildOutcome.Unchanged;
            report.Version = current.Manifest.Version;
            report.Reason = $"same content as {current.Manifest.Version}; nothing to publish";
            return;
        }

        bool announced = await publisher.PublishAsync(written, manifest, current, cancellationToken);
        report.TimingsMs["publish"] = Lap(stage);
        report.Version = version;
        if (announced)
        {
            await retention.SaveAsync(retentionState, seen.ETag, cancellationToken);
            report.Outcome = BuildOutcome.Published;
        }
        else
        {
            report.Outcome = BuildOutcome.LostRace;
            report.Reason = "the manifest changed while this build ran (another builder or a rollback announced first); nothing was announced";
        }
    }

    /// <summary>docs/contract/builder.md, step 4, over title, author and album; before the media stage, so nothing profane is downloaded.</summary>
    private List<Candidate> DropProfane(List<Candidate> candidates, BuildReport report)
    {
        var filter = options.ProfanityPolicy;
        var kept = new List<Candidate>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if ((filter.Match(candidate.Title, candidate.Language) ?? filter.Match(candidate.Author, candidate.Language) ?? filter.Match(candidate.Album, candidate.Language)) is { } list)
            {
                report.Counts.Profanity++;
                report.DropReasons.Tally($"profanity:{list}");
                continue;
            }
            kept.Add(candidate);
        }
        return kept;
    }

    /// <summary>Mirrors and volume-checks every candidate, a bounded number at a time; returns those that passed, with their track ids, in input order.</summary>
    private async Task<List<(string Id, Candidate Candidate)>> MirrorMediaAsync(List<Candidate> candidates, BuildReport report, CancellationToken cancellationToken)
    {
        string[] ids = candidates.Select(c => TrackIds.FromTikTokMusicId(c.MusicId)).ToArray();
        var outcomes = new MediaOutcome[candidates.Count];
        int done = 0;
        log.Progress("media", 0, candidates.Count);
        await Parallel.ForEachAsync(Enumerable.Range(0, candidates.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.MediaPolicy.Concurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                outcomes[i] = await _media.MirrorAsync(ids[i], candidates[i], token);
                log.Progress("media", Interlocked.Increment(ref done), candidates.Count);
            });

        var kept = new List<(string, Candidate)>(candidates.Count);
        for (int i = 0; i < candidates.Count; i++)
        {
            var outcome = outcomes[i];
            report.Work.Downloads += outcome.Downloads;
            report.Work.Decodes += outcome.Decodes;
            report.Work.Uploads += outcome.Uploads;
            report.Work.Reused += outcome.Downloads == 0 ? 1 : 0;
            if (outcome.DropReason is not { } reason)
            {
                kept.Add((ids[i], candidates[i]));
                continue;
            }
            if (reason.StartsWith("volume:", StringComparison.Ordinal))
            {
                report.Counts.Volume++;
            }
            else
            {
                report.Counts.Media++;
            }
            report.DropReasons.Tally(reason);
        }
        return kept;
    }

    private Track ToTrack(string id, Candidate c) =>
        new(id, c.MusicId, c.Title, c.Author, c.Album, c.Duration,
            MediaUrls.PreviewUrl(options.MediaBaseUrl, id), MediaUrls.CoverUrl(options.MediaBaseUrl, id),
            c.Language, c.UserCount, c.IsCommerceMusic, c.Link, Trending: true);

    private static long Lap(Stopwatch stage)
    {
        long elapsed = stage.ElapsedMilliseconds;
        stage.Restart();
        return elapsed;
    }
}
