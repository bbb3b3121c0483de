using System.Text;

namespace Layers.EdgeCatalog.FastLane;

/// <summary>
/// The IMF-fixdate for the Date header, remade by a timer at each whole second (off the request path, as Kestrel's
/// own Date value is); a reference swap publishes it.
/// </summary>
internal sealed class DateHeader : IDisposable
{
    /// <summary>Bytes of an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT").</summary>
    public const int Length = 29;

    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private byte[] _current = [];

    public DateHeader(TimeProvider time)
    {
        _time = time;
        // Armed by the first refresh, once the field holds the timer.
        _timer = time.CreateTimer(static header => ((DateHeader)header!).Refresh(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Refresh();
    }

    /// <summary>Now's value, to within the timer's accuracy.</summary>
    public ReadOnlySpan<byte> Current => Volatile.Read(ref _current);

    // One-shot, re-armed for the next whole second each time, so the timer's drift never adds up.
    private void Refresh()
    {
        var now = _time.GetUtcNow();
        Volatile.Write(ref _current, Format(now));
        _timer.Change(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - now.UtcTicks % TimeSpan.TicksPerSecond), Timeout.InfiniteTimeSpan);
    }

    private static byte[] Format(DateTimeOffset now) => Encoding.ASCII.GetBytes(now.UtcDateTime.ToString("r"));

    public void Dispose() => _timer.Dispose();
}
