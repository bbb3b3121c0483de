using Layers.EdgeCatalog.FastLane;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// The fast lane's Date value is one per process, owned by the service container: every endpoint's lane resolves the
/// same instance, and its timer stops when the container is disposed (at shutdown), not never.
/// </summary>
public sealed class DateHeaderWiringTests
{
    [Fact]
    public void The_container_makes_one_date_header_and_disposes_its_timer()
    {
        var clock = new TimerCountingClock();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        FastLaneConnection.AddServices(services);
        var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredService<DateHeader>();
        var second = provider.GetRequiredService<DateHeader>();
        Assert.Same(first, second);
        Assert.Equal((1, 0), (clock.Created, clock.Disposed));

        provider.Dispose();

        Assert.Equal((1, 1), (clock.Created, clock.Disposed));
    }

    /// <summary>The system clock, counting the timers made on it and those disposed.</summary>
    private sealed class TimerCountingClock : TimeProvider
    {
        private int _created;
        private int _disposed;

        public int Created => Volatile.Read(ref _created);

        public int Disposed => Volatile.Read(ref _disposed);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _created);
            return new CountedTimer(System.CreateTimer(callback, state, dueTime, period), this);
        }

        private sealed class CountedTimer(ITimer inner, TimerCountingClock clock) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                Interlocked.Increment(ref clock._disposed);
                inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }
    }
}
