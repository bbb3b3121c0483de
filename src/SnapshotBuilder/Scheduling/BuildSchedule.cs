namespace Layers.SnapshotBuilder.Scheduling;

/// <summary>
/// When <c>run --every</c> builds next. The invariant: a build that did not fail (published, unchanged,
/// vetoed, held, or beaten by another builder) is followed by the next one no sooner than one interval after
/// it started, so the loop never reads the feed and the media store more often than the interval, whatever
/// the build found. A failed build is retried sooner, with exponential backoff from
/// <see cref="RetryFloor"/>, never sooner than the floor and never later than the interval. A snapshot that
/// another replica announced outside this loop's own builds also postpones the next build to one interval
/// after its creation, so replicas share the schedule instead of each building.
/// </summary>
public sealed class BuildSchedule(TimeSpan interval)
{
    /// <summary>The shortest wait after a failure: a failing source or store is never hammered.</summary>
    public static readonly TimeSpan RetryFloor = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait after a failure, for long intervals: a 12 h job retries at least every 30 minutes.</summary>
    public static readonly TimeSpan RetryCap = TimeSpan.FromMinutes(30);

    private DateTimeOffset? _lastStarted;
    private DateTimeOffset? _lastFinished;
    private int _failures;

    public TimeSpan Interval => interval;

    /// <summary>Consecutive failed builds so far (0 after any build that did not fail).</summary>
    public int Failures => _failures;

    public void RecordBuild(DateTimeOffset started, DateTimeOffset finished, bool failed)
    {
        _lastStarted = started;
        _lastFinished = finished;
        _failures = failed ? _failures + 1 : 0;
    }

    /// <summary>
    /// How long to wait before the next build, given when the announced snapshot was created (null: none, or
    /// unreadable). Zero means build now.
    /// </summary>
    public TimeSpan Wait(DateTimeOffset now, DateTimeOffset? announcedCreatedAt)
    {
        var due = now;
        if (_lastStarted is { } started && _lastFinished is { } finished)
        {
            due = _failures > 0 ? finished + RetryDelay(_failures) : started + interval;
            // A snapshot created during this loop's last successful build is that build's own: the interval from the
            // build's start already covers it. After a failure (a lost race among them) nothing announced is this
            // loop's, so a replica's fresh snapshot still makes it wait.
            if (announcedCreatedAt is { } created && (_failures > 0 || created < started || created > finished))
            {
                due = Max(due, created + interval);
            }
        }
        else if (announcedCreatedAt is { } created)
        {
            due = created + interval;
        }
        return due > now ? due - now : TimeSpan.Zero;
    }

    /// <summary>The wait after the <paramref name="failures"/>-th consecutive failure: 1/48 of the interval, doubling, within [floor, min(interval, cap)].</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var ceiling = Max(RetryFloor, interval < RetryCap ? interval : RetryCap);
        var delay = interval / 48;
        for (int i = 1; i < failures && delay < ceiling; i++)
        {
            delay *= 2;
        }
        return delay < RetryFloor ? RetryFloor : delay > ceiling ? ceiling : delay;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
