using System.Runtime.CompilerServices;
using Layers.EdgeCatalog.Auth;
using Layers.EdgeCatalog.FastLane;
using Layers.EdgeCatalog.Observability;
using Layers.EdgeCatalog.Serving;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// The lane's wire responses belong to their snapshot: made before it is swapped in (no request pays for them), and
/// gone with it (a lane that answered from the previous snapshot does not keep it alive past the post-swap
/// compaction). The Date value is kept current by a timer, not by the requests.
/// </summary>
public sealed class LaneSnapshotLifetimeTests
{
    private const string Key = "lm_lifetime_test_key_0123456789abcdefghijklmnop";
    private static readonly DateHeader Date = new(TimeProvider.System); // the lanes here only decide, never send

    private static readonly byte[] Request = Encoding.ASCII.GetBytes($"GET /v1/tiktok-music HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer {Key}\r\n\r\n");

    [Fact]
    public void The_lane_answers_with_the_responses_made_with_the_snapshot()
    {
        var (state, lane) = Lane();
        using var catalog = ServingCatalog.From(SnapshotReader.Read(TestStore.Write("v1", 20, seed: 1).Blob), bodyFiles: false);
        state.Swap(catalog);
        using var memo = new KeyMemo(RequestHead.MaxValueBytes);

        var response = lane.TryAnswer(Request, memo, DateTime.UtcNow.Ticks, out _, out _);

        Assert.Same(catalog.Wire.Ok(ContentEncoding.Identity), response);
    }

    [Fact]
    public void A_swapped_out_snapshot_is_collected_though_the_lane_answered_from_it()
    {
        var (state, lane) = Lane();
        using var memo = new KeyMemo(RequestHead.MaxValueBytes);
        var previous = AnswerFromASnapshotThenSwapIt(state, lane, memo);

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        Assert.False(previous.IsAlive, "the lane keeps the swapped-out snapshot alive");
        Assert.Equal(200, lane.TryAnswer(Request, memo, DateTime.UtcNow.Ticks, out _, out _)!.Status);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // so no local of this frame keeps the first catalog reachable
    private static WeakReference AnswerFromASnapshotThenSwapIt(CatalogState state, FastLaneConnection lane, KeyMemo memo)
    {
        var first = ServingCatalog.From(SnapshotReader.Read(TestStore.Write("v1", 20, seed: 1).Blob), bodyFiles: false);
        state.Swap(first);
        Assert.Equal(200, lane.TryAnswer(Request, memo, DateTime.UtcNow.Ticks, out _, out _)!.Status);
        state.Swap(ServingCatalog.From(SnapshotReader.Read(TestStore.Write("v2", 20, seed: 2).Blob), bodyFiles: false))?.Dispose();
        return new WeakReference(first);
    }

    [Fact]
    public void The_date_is_refreshed_by_a_timer_at_each_whole_second()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero).AddMilliseconds(400));
        using var date = new DateHeader(clock);
        Assert.Equal("Wed, 02 Dec 2026 06:00:00 GMT", Encoding.ASCII.GetString(date.Current));

        clock.Advance(TimeSpan.FromMilliseconds(599));
        Assert.Equal("Wed, 02 Dec 2026 06:00:00 GMT", Encoding.ASCII.GetString(date.Current));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("Wed, 02 Dec 2026 06:00:01 GMT", Encoding.ASCII.GetString(date.Current));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Wed, 02 Dec 2026 06:00:02 GMT", Encoding.ASCII.GetString(date.Current));
    }

    private static (CatalogState State, FastLaneConnection Lane) Lane()
    {
        var state = new CatalogState();
        state.Swap(KeySet.From(new KeyFile([new KeyRecord("k", ApiKeys.Hash(Key), [Scopes.PublishRead], false, null)]), "\"v\""));
        var lane = new FastLaneConnection(state, TimeProvider.System, Date, new EdgeMetrics(state, TimeProvider.System), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30));
        return (state, lane);
    }

    /// <summary>A clock the test moves; its timers fire, on the test's thread, when it passes their due time.</summary>
    private sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
    {
        private readonly List<ManualTimer> _timers = [];
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by)
        {
            _now += by;
            foreach (var timer in _timers.Where(t => t.Due <= _now).ToList())
            {
                timer.Fire();
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(this, callback, state);
            _timers.Add(timer);
            timer.Change(dueTime, period);
            return timer;
        }

        private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
        {
            public DateTimeOffset Due { get; private set; } = DateTimeOffset.MaxValue;

            public void Fire()
            {
                Due = DateTimeOffset.MaxValue; // one-shot: the callback re-arms it
                callback(state);
            }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : clock._now + dueTime;
                return true;
            }

            public void Dispose() => clock._timers.Remove(this);

            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }
    }
}
