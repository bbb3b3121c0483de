namespace Layers.SnapshotBuilder.Tests;

/// <summary>rollback, release, snapshots list/diff, verify and prune, as an operator runs them: real processes on a folder store.</summary>
public sealed class FleetCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FileObjectStore _objects;
    private readonly TestStore _store;

    public FleetCommandsTests()
    {
        _objects = new FileObjectStore(StorePath, create: true);
        _store = new TestStore(_objects);
    }

    private string StorePath => _dir.Combine("store");

    public void Dispose()
    {
        _objects.Dispose();
        _dir.Dispose();
    }

    private Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args) => BuilderCli.RunAsync([.. args, "--store", StorePath]);

    private async Task<Manifest> AnnouncedAsync() => (await new SnapshotPublisher(_objects).ReadCurrentAsync()).Manifest!;

    private byte[] ManifestBytes() => File.ReadAllBytes(Path.Combine(StorePath, "catalog", "manifest.json"));

    [Fact]
    public async Task Rollback_announces_an_earlier_snapshot_with_a_hold_and_release_lifts_it()
    {
        var v1 = TestStore.Write("v1", 10, seed: 1);
        await _store.AnnounceAsync("v1", v1);
        await _store.AnnounceAsync("v2", TestStore.Write("v2", 12, seed: 2));

        var (exit, stdout, stderr) = await Run("rollback", "--to", "v1", "--reason", "v2 lost half the catalog");
        Assert.True(exit == 0, stderr);
        Assert.Contains("rolled back to v1 (was v2)", stdout);
        var held = await AnnouncedAsync();
        Assert.Equal("v1", held.Version);
        Assert.Equal(v1.BlobSha256, held.Sha256);
        Assert.Equal(v1.ContentSha256, held.ContentSha256);
        Assert.Equal(v1.Blob.Length, held.Size);
        Assert.Equal((10, "v1", "v2", "v2 lost half the catalog"), (held.TrackCount, held.Hold!.HeldVersion, held.Hold.RolledBackFrom, held.Hold.Reason));
        Assert.Contains("\"hold\":{\"reason\":\"v2 lost half the catalog\"", System.Text.Encoding.UTF8.GetString(ManifestBytes()));

        (exit, stdout, stderr) = await Run("release");
        Assert.True(exit == 0, stderr);
        Assert.Contains("released the hold on v1", stdout);
        var released = await AnnouncedAsync();
        Assert.Equal("v1", released.Version);
        Assert.Null(released.Hold);
        Assert.DoesNotContain("hold", System.Text.Encoding.UTF8.GetString(ManifestBytes()));

        byte[] before = ManifestBytes();
        (exit, stdout, _) = await Run("release");
        Assert.Equal(0, exit);
        Assert.Contains("no hold", stdout);
        Assert.Equal(before, ManifestBytes());
    }

    [Fact]
    public async Task Release_to_a_version_announces_it_without_a_hold()
    {
        await _store.AnnounceAsync("v1", TestStore.Write("v1", 10, seed: 1));
        await _store.AnnounceAsync("v2", TestStore.Write("v2", 12, seed: 2));
        Assert.Equal(0, (await Run("rollback", "--to", "v1", "--reason", "bad")).Exit);
        var (exit, stdout, stderr) = await Run("release", "--to", "v2");
        Assert.True(exit == 0, stderr);
        Assert.Contains("v2 is announced", stdout);
        Assert.Equal(("v2", null), ((await AnnouncedAsync()).Version, (await AnnouncedAsync()).Hold));
    }

    [Fact]
    public async Task Rollback_to_a_missing_or_corrupt_snapshot_is_refused_and_the_manifest_is_untouched()
    {
        await _store.AnnounceAsync("v1", TestStore.Write("v1", 10, seed: 1));
        var v2 = TestStore.Write("v2", 12, seed: 2);
        await _store.AnnounceAsync("v2", v2);
        byte[] corrupt = (byte[])v2.Blob.Clone();
        corrupt[^10] ^= 0xFF;
        await _objects.TryPutAsync(StoreKeys.Snapshot("v3"), corrupt, Precondition.Absent, ObjectHeaders.Snapshot);
        await _objects.TryPutAsync(StoreKeys.Snapshot("v4"), v2.Blob, Precondition.Absent, ObjectHeaders.Snapshot); // holds v2, not v4
        byte[] before = ManifestBytes();

        foreach (string target in new[] { "v9", "v3", "v4", "../keys/keys" })
        {
            var (exit, _, stderr) = await Run("rollback", "--to", target, "--reason", "test");
            Assert.True(exit == 1, $"{target}: {exit} {stderr}");
            Assert.Contains("manifest is untouched", stderr);
            Assert.Equal(before, ManifestBytes());
        }
        Assert.Equal(1, (await Run("release", "--to", "v9")).Exit);
        Assert.Equal(2, (await Run("rollback", "--to", "v1")).Exit); // no --reason
    }

    [Fact]
    public async Task Snapshots_list_shows_every_version_with_its_tracks_and_which_is_announced_or_held()
    {
        await _store.AnnounceAsync("v1", TestStore.Write("v1", 10, seed: 1));
        await _store.AnnounceAsync("v2", TestStore.Write("v2", 12, seed: 2));
        await _objects.TryPutAsync(StoreKeys.Snapshot("v3"), new byte[100], Precondition.Absent, ObjectHeaders.Snapshot);
        Assert.Equal(0, (await Run("rollback", "--to", "v1", "--reason", "bad v2")).Exit);

        var (exit, stdout, stderr) = await Run("snapshots", "list", "--json");
        Assert.True(exit == 0, stderr);
        var rows = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("version").GetString()!);
        Assert.Equal(["v1", "v2", "v3"], rows.Keys.Order());
        Assert.Equal((10, "announced, held"), (rows["v1"].GetProperty("trackCount").GetInt32(), rows["v1"].GetProperty("state").GetString()));
        Assert.Equal((12, "rolled back from"), (rows["v2"].GetProperty("trackCount").GetInt32(), rows["v2"].GetProperty("state").GetString()));
        Assert.StartsWith("corrupt", rows["v3"].GetProperty("problem").GetString());

        (exit, stdout, _) = await Run("snapshots", "list");
        Assert.Equal(0, exit);
        Assert.Matches(@"v1\s+\S+ \S+\s+10\s+[\d,]+\s+announced, held", stdout);
        Assert.Contains("held since", stdout);
    }

    [Fact]
    public async Task Snapshots_diff_names_added_removed_and_changed_tracks_with_fields_and_rank_moves()
    {
        var tracks = TestStore.Tracks(6, seed: 1);
        await _store.AnnounceAsync("v1", SnapshotWriter.Write("v1", DateTimeOffset.UtcNow, tracks));
        // v2: the last track gone, a new one added, the third renamed, the fifth jumps to the top.
        var added = TestStore.Tracks(1, seed: 9)[0];
        var changed = tracks.Select((t, i) => i switch
        {
            2 => t with { Title = "Renamed" },
            4 => t with { UserCount = 9_999_999 },
            _ => t,
        }).Take(5).Append(added).OrderBy(t => t, Catalog.Tracks.TrackOrder.Instance).ToList();
        await _store.AnnounceAsync("v2", SnapshotWriter.Write("v2", DateTimeOffset.UtcNow, changed));

        var (exit, stdout, stderr) = await Run("snapshots", "diff", "v1", "v2", "--json");
        Assert.True(exit == 0, stderr);
        var diff = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal([added.Id], diff.GetProperty("added").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal([tracks[5].Id], diff.GetProperty("removed").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        var byId = diff.GetProperty("changed").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        Assert.Equal(["title"], byId[tracks[2].Id].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["userCount"], byId[tracks[4].Id].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal((5, 1), (byId[tracks[4].Id].GetProperty("rankFrom").GetInt32(), byId[tracks[4].Id].GetProperty("rankTo").GetInt32()));
        Assert.Empty(byId[tracks[0].Id].GetProperty("fields").EnumerateArray()); // pushed down a place by the jump: a rank move only

        (exit, stdout, _) = await Run("snapshots", "diff", "v1", "v2");
        Assert.Equal(0, exit);
        Assert.Contains("1 added, 1 removed", stdout);
        Assert.Contains($"~ {tracks[4].Id}  {tracks[4].Title}  userCount  rank 5 -> 1", stdout);

        var (unknownExit, _, unknownErr) = await Run("snapshots", "diff", "v1", "v7");
        Assert.Equal(2, unknownExit);
        Assert.Contains("no snapshot 'v7'", unknownErr);
    }

    [Fact]
    public async Task Verify_passes_on_a_sound_store_and_names_each_problem_otherwise()
    {
        using (var run = new FileObjectStore(StorePath, create: true))
        {
            Assert.Equal(BuildOutcome.Published, (await Builds.RunAsync(RepoPaths.SampleFeed, run)).Outcome);
        }
        await _store.SetKeysAsync(("k", "a-key", false));
        var (exit, stdout, stderr) = await Run("verify");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Matches(@"ok\s+media\s+all \d+ media objects", stdout);

        var manifest = await AnnouncedAsync();
        string someTrack = SnapshotReader.Read(File.ReadAllBytes(Path.Combine(StorePath, manifest.Blob))).Tracks[3].Id.ToString();
        File.Delete(Path.Combine(StorePath, "music", someTrack, "cover.jpg"));
        File.WriteAllText(Path.Combine(StorePath, "keys", "keys.json"), "{not json");
        (exit, stdout, _) = await Run("verify", "--json");
        Assert.Equal(1, exit);
        var checks = JsonDocument.Parse(stdout).RootElement;
        Assert.False(checks.GetProperty("ok").GetBoolean());
        var failed = checks.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("ok").GetBoolean()).ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("detail").GetString()!);
        Assert.Equal(["keys", "media"], failed.Keys.Order());
        Assert.Contains($"music/{someTrack}/cover.jpg", failed["media"]);

        // A blob that no longer matches its manifest.
        byte[] blob = File.ReadAllBytes(Path.Combine(StorePath, manifest.Blob));
        blob[^5] ^= 1;
        File.WriteAllBytes(Path.Combine(StorePath, manifest.Blob), blob);
        (exit, stdout, _) = await Run("verify");
        Assert.Equal(1, exit);
        Assert.Matches(@"FAIL\s+snapshot .*checksum_mismatch", stdout);

        Assert.Equal(1, (await Run("verify", "--version", "nope")).Exit);
        var (badMedia, _, badMediaErr) = await Run("verify", "--media-store", "ftp://nowhere/x");
        Assert.True(badMedia == 2, badMediaErr);
        Assert.DoesNotContain("   at ", badMediaErr); // a message, not a stack trace
    }

    [Fact]
    public async Task Readers_of_a_store_that_does_not_exist_fail_and_create_nothing()
    {
        string missing = _dir.Combine("no-such-store");
        foreach (var args in new[] { new[] { "verify" }, ["snapshots", "list"], ["prune", "--keep-days", "3"], ["rollback", "--to", "v1", "--reason", "x"], ["release"], ["keys", "list"] })
        {
            var (exit, _, stderr) = await BuilderCli.RunAsync([.. args, "--store", missing]);
            Assert.True(exit == 1, $"{string.Join(' ', args)}: {exit} {stderr}");
            Assert.Contains("unreachable", stderr);
            Assert.False(Directory.Exists(missing), $"{string.Join(' ', args)} created the store");
        }
    }

    /// <summary>Prune never deletes what an edge might be told to load: the announced (old) rollback target, the version it replaced, nor media.</summary>
    [Fact]
    public async Task Prune_deletes_old_unannounced_blobs_only_and_keeps_an_old_rollback_target()
    {
        var now = DateTimeOffset.UtcNow;
        string V(int daysAgo, string tag) => $"{now.AddDays(-daysAgo):yyyyMMdd'T'HHmmss'Z'}-{tag}";
        string old1 = V(60, "aaaaaaaa"), old2 = V(45, "bbbbbbbb"), target = V(40, "cccccccc"), bad = V(35, "dddddddd"), recent = V(2, "eeeeeeee");
        // The last announced is `bad`, 35 days old (the builder stopped); the operator rolls back to a 40-day-old
        // version: both are older than --keep-days, and both must stay.
        foreach (var (version, seed) in new[] { (old1, 1), (old2, 2), (target, 3), (recent, 5), (bad, 4) })
        {
            await _store.AnnounceAsync(version, TestStore.Write(version, 5, seed));
        }
        await _objects.TryPutAsync("music/some-track/preview.mp3", new byte[10], Precondition.Absent, ObjectHeaders.Snapshot);
        Assert.Equal(0, (await Run("rollback", "--to", target, "--reason", "bad")).Exit);

        var (exit, stdout, stderr) = await Run("prune", "--keep-days", "30", "--dry-run");
        Assert.True(exit == 0, stderr);
        Assert.Contains($"would delete {old1}", stdout);
        Assert.Contains($"would delete {old2}", stdout);
        Assert.True(await _objects.ExistsAsync(StoreKeys.Snapshot(old1)), "a dry run deleted something");

        (exit, stdout, stderr) = await Run("prune", "--keep-days", "30");
        Assert.True(exit == 0, stderr);
        Assert.Contains($"kept {target}: announced", stdout);
        Assert.Contains($"kept {bad}: rolled back from", stdout);
        var left = (await _objects.ListAsync("catalog/snapshots/")).Select(o => o.Key).ToHashSet();
        Assert.Equal(new[] { target, bad, recent }.Select(StoreKeys.Snapshot).ToHashSet(), left);
        Assert.True(await _objects.ExistsAsync("music/some-track/preview.mp3"));
        Assert.True(await _objects.ExistsAsync(StoreKeys.Manifest));

        Assert.Equal(2, (await Run("prune", "--keep-days", "0")).Exit);
        Assert.Equal(2, (await Run("prune", "--keep-days", "36501")).Exit);
    }
}
