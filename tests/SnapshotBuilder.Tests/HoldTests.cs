using Layers.SnapshotBuilder.Fleet;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>A rollback's hold: builds keep writing their blobs but never announce, and racing builds never lose the hold.</summary>
public sealed class HoldTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ChangedFeed() => BuilderCli.SampleFeedVariant(_dir.Combine($"feed-{Guid.NewGuid():N}"), items =>
    {
        foreach (var item in items.Take(20))
        {
            item!["userCount"] = item["userCount"]!.GetValue<long>() + 1;
        }
    });

    [Fact]
    public async Task While_held_a_build_writes_its_blob_but_leaves_the_manifest_and_after_release_the_next_is_announced()
    {
        using var store = new FileObjectStore(_dir.Combine("store"), create: true);
        var first = await Builds.RunAsync(RepoPaths.SampleFeed, store);
        Assert.Equal(BuildOutcome.Published, first.Outcome);
        await new FleetAnnouncer(store, TimeProvider.System).RollbackAsync(first.Version!, "testing the hold", CancellationToken.None);
        byte[] heldManifest = (await store.ReadAsync(StoreKeys.Manifest, 1 << 20)).Content!;

        string changed = ChangedFeed();
        var held = await Builds.RunAsync(changed, store);

        Assert.Equal((BuildOutcome.Held, ExitCodes.Ok), (held.Outcome, held.ExitCode));
        Assert.Contains("held at", held.Reason);
        Assert.NotEqual(first.Version, held.Version);
        Assert.True(await store.ExistsAsync(StoreKeys.Snapshot(held.Version!)), "the held build's blob was not written");
        Assert.Equal(heldManifest, (await store.ReadAsync(StoreKeys.Manifest, 1 << 20)).Content);

        Assert.NotNull(await new FleetAnnouncer(store, TimeProvider.System).ReleaseAsync(null, CancellationToken.None));
        var next = await Builds.RunAsync(changed, store);
        Assert.Equal(BuildOutcome.Published, next.Outcome);
        var announced = (await new SnapshotPublisher(store).ReadCurrentAsync()).Manifest!;
        Assert.Equal((next.Version, null), (announced.Version, announced.Hold));
    }

    [Fact]
    public async Task A_rollback_racing_builds_wins_exactly_once_and_its_hold_is_never_lost()
    {
        using var store = new FileObjectStore(_dir.Combine("store"), create: true);
        var first = await Builds.RunAsync(RepoPaths.SampleFeed, store);
        string[] feeds = [.. Enumerable.Range(0, 3).Select(_ => ChangedFeed())];
        await Builds.RunAsync(feeds[0], store); // media mirrored once, so the racing builds are quick

        var builds = feeds.Select(feed => Task.Run(() => Builds.RunAsync(new FileFeedSource(feed, new FeedLimits()), store))).ToList();
        await new FleetAnnouncer(store, TimeProvider.System).RollbackAsync(first.Version!, "race", CancellationToken.None);
        var outcomes = (await Task.WhenAll(builds)).Select(r => r.Outcome).ToList();

        var announced = (await new SnapshotPublisher(store).ReadCurrentAsync()).Manifest!;
        Assert.Equal(first.Version, announced.Version);
        Assert.Equal(first.Version, announced.Hold?.HeldVersion);
        Assert.All(outcomes, o => Assert.Contains(o, new[] { BuildOutcome.Held, BuildOutcome.LostRace, BuildOutcome.Published, BuildOutcome.Unchanged }));
        Assert.Equal(BuildOutcome.Held, (await Builds.RunAsync(feeds[1], store)).Outcome);
    }
}
