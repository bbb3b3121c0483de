using Layers.Catalog.Snapshots;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Pipeline.Stages;

/// <summary>How the cycle ended once it reached the store: the outcome, the version it names, and why when not published.</summary>
public sealed record PublishResult(BuildOutcome Outcome, string Version, string? Reason = null);

/// <summary>
/// docs/contract/builder.md, step 7: writes the blob create-only and announces it by compare-and-swap on the manifest
/// that was <paramref name="current"/> when the build started (Hollow's publisher and announcer); then saves the
/// retention state. While a hold stands the blob is written and nothing is announced; a build with the announced
/// content writes nothing. Its count out is the tracks it announced.
/// </summary>
public sealed class PublishStage(SnapshotPublisher publisher, CurrentAnnouncement current, Retention retention, Retention.Update retained)
    : IBuildStage<SerializedSnapshot, PublishResult>
{
    public string Name => "publish";

    public async ValueTask<StageResult<PublishResult>> RunAsync(SerializedSnapshot snapshot, CancellationToken cancellationToken)
    {
        var result = await PublishAsync(snapshot, cancellationToken);
        int count = snapshot.Written.ResolvableCount;
        bool announced = result.Outcome is BuildOutcome.Published or BuildOutcome.Unchanged;
        return new StageResult<PublishResult>(result, count, announced ? count : 0, new Drops());
    }

    private async Task<PublishResult> PublishAsync(SerializedSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (current.Manifest?.Hold is { } hold)
        {
            // A rollback pinned the fleet: the blob is kept for `release --to`, the announcement is left alone.
            await publisher.WriteBlobAsync(snapshot.Manifest.Blob, snapshot.Written.Blob, cancellationToken);
            return new PublishResult(BuildOutcome.Held, snapshot.Version,
                $"the announcement is held at {hold.HeldVersion} since {hold.Since:O} ({hold.Reason}); {snapshot.Version} was written, not announced (release lifts the hold)");
        }

        if (current.Manifest?.ContentSha256 == snapshot.Written.ContentSha256)
        {
            await retention.SaveAsync(retained, cancellationToken);
            return new PublishResult(BuildOutcome.Unchanged, current.Manifest.Version, $"same content as {current.Manifest.Version}; nothing to publish");
        }

        if (!await publisher.PublishAsync(snapshot.Written, snapshot.Manifest, current, cancellationToken))
        {
            return new PublishResult(BuildOutcome.LostRace, snapshot.Version,
                "the manifest changed while this build ran (another builder or a rollback announced first); nothing was announced");
        }
        await retention.SaveAsync(retained, cancellationToken);
        return new PublishResult(BuildOutcome.Published, snapshot.Version);
    }
}
