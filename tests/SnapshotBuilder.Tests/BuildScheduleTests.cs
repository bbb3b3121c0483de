using Layers.SnapshotBuilder.Scheduling;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>When <c>run --every</c> builds next: never more often than the interval unless a build failed.</summary>
public class BuildScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(12);

    [Fact]
    public void First_build_is_at_once_when_nothing_is_announced_or_the_announcement_is_old()
    {
        var schedule = new BuildSchedule(Interval);
        Assert.Equal(TimeSpan.Zero, schedule.Wait(T0, null));
        Assert.Equal(TimeSpan.Zero, schedule.Wait(T0, T0 - TimeSpan.FromDays(3)));
    }

    [Fact]
    public void A_replica_waits_out_a_fresh_announcement()
    {
        var schedule = new BuildSchedule(Interval);
        Assert.Equal(TimeSpan.FromHours(9), schedule.Wait(T0, T0 - TimeSpan.FromHours(3)));
    }

    /// <summary>The defect: an unchanged (or vetoed, or held) build leaves an old manifest, which must not mean "build again now".</summary>
    [Fact]
    public void A_build_that_did_not_fail_is_followed_by_the_next_one_interval_after_it_started_even_under_an_old_manifest()
    {
        var schedule = new BuildSchedule(Interval);
        var finished = T0 + TimeSpan.FromMinutes(4);
        schedule.RecordBuild(T0, finished, failed: false);
        var oldManifest = T0 - TimeSpan.FromDays(2);
        Assert.Equal(Interval - TimeSpan.FromMinutes(4), schedule.Wait(finished, oldManifest));
        Assert.Equal(TimeSpan.Zero, schedule.Wait(T0 + Interval, oldManifest));
    }

    [Fact]
    public void The_loop_own_announcement_does_not_push_the_schedule_later()
    {
        var schedule = new BuildSchedule(Interval);
        var finished = T0 + TimeSpan.FromMinutes(4);
        schedule.RecordBuild(T0, finished, failed: false);
        var ownSnapshot = T0 + TimeSpan.FromMinutes(3); // created during the build
        Assert.Equal(TimeSpan.Zero, schedule.Wait(T0 + Interval, ownSnapshot));
    }

    [Fact]
    public void Another_replica_announcing_after_this_build_postpones_the_next()
    {
        var schedule = new BuildSchedule(Interval);
        schedule.RecordBuild(T0, T0 + TimeSpan.FromMinutes(4), failed: false);
        var replicas = T0 + TimeSpan.FromHours(5);
        Assert.Equal(TimeSpan.FromHours(5), schedule.Wait(T0 + Interval, replicas));
    }

    /// <summary>A lost race is a failure (exit 1), but the snapshot that beat it is a replica's: wait it out, do not retry early.</summary>
    [Fact]
    public void After_losing_the_race_to_a_replica_the_loop_waits_an_interval_from_the_replica_snapshot()
    {
        var schedule = new BuildSchedule(Interval);
        var finished = T0 + TimeSpan.FromMinutes(4);
        schedule.RecordBuild(T0, finished, failed: true);
        var replicas = T0 + TimeSpan.FromMinutes(3); // announced while this build ran
        Assert.Equal(replicas + Interval - finished, schedule.Wait(finished, replicas));
    }

    [Fact]
    public void Failures_retry_sooner_with_backoff_within_floor_and_cap()
    {
        var schedule = new BuildSchedule(Interval);
        Assert.Equal(TimeSpan.FromMinutes(15), schedule.RetryDelay(1));
        Assert.Equal(TimeSpan.FromMinutes(30), schedule.RetryDelay(2));
        Assert.Equal(BuildSchedule.RetryCap, schedule.RetryDelay(10));

        var fast = new BuildSchedule(TimeSpan.FromSeconds(2));
        Assert.Equal(BuildSchedule.RetryFloor, fast.RetryDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(2), fast.RetryDelay(8));
        Assert.All(Enumerable.Range(1, 40), n => Assert.InRange(fast.RetryDelay(n), BuildSchedule.RetryFloor, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_failure_waits_its_backoff_from_when_it_finished_and_a_success_resets_it()
    {
        var schedule = new BuildSchedule(Interval);
        var finished = T0 + TimeSpan.FromMinutes(1);
        schedule.RecordBuild(T0, finished, failed: true);
        schedule.RecordBuild(finished, finished, failed: true);
        Assert.Equal(2, schedule.Failures);
        Assert.Equal(TimeSpan.FromMinutes(30), schedule.Wait(finished, T0 - TimeSpan.FromDays(1)));
        schedule.RecordBuild(finished, finished, failed: false);
        Assert.Equal(0, schedule.Failures);
        Assert.Equal(Interval, schedule.Wait(finished, null));
    }
}
