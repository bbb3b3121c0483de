using System.Diagnostics;

namespace Layers.TestSupport;

/// <summary>
/// How a test waits for something it cannot be told about: it asks again (soon at first, then every 100 ms) until
/// the condition holds, and fails saying what it waited for when the time is up. It returns as soon as the
/// condition holds, so the time given is patience for a loaded machine, never a sleep.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    /// <param name="what">What is awaited, for the failure message ("the edge to swap in v2").</param>
    /// <param name="context">More for the failure message, read only on failure (a process's output).</param>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? context = null)
    {
        var waited = Stopwatch.StartNew();
        var pause = FirstPause;
        while (!await condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:0.#} s for {what}{(context is null ? "" : "\n" + context())}");
            }
            await Task.Delay(pause);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? context = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what, context);
}
