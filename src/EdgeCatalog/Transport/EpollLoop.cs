using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Layers.EdgeCatalog.Interop;

namespace Layers.EdgeCatalog.Transport;

/// <summary>
/// A thread waiting in epoll_wait for its connections' sockets, edge-triggered, and running each connection's
/// receive (and, inline, whatever reads its input pipe) on that thread. There is one loop per processor the
/// process may use, as .NET's socket engine has with inline completions; connections are dealt out in turn.
/// Events carry a connection's id, never a pointer: an event for a connection already gone finds nothing.
/// </summary>
internal sealed unsafe class EpollLoop
{
    private const int BatchSize = 256;
    private readonly int _epoll;
    private readonly ConcurrentDictionary<ulong, EpollConnection> _connections = new();
    private long _nextId;

    private EpollLoop()
    {
        _epoll = Epoll.Create(Epoll.CloseOnExec);
        if (_epoll < 0)
        {
            throw new IOException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        }
        new Thread(Run) { IsBackground = true, Name = "layers-epoll" }.Start();
    }

    private static readonly Lazy<EpollLoop[]> Loops = new(() => [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new EpollLoop())]);
    private static int s_next;

    /// <summary>The loop for a new connection.</summary>
    public static EpollLoop Next()
    {
        var loops = Loops.Value;
        return loops[(int)((uint)Interlocked.Increment(ref s_next) % (uint)loops.Length)];
    }

    /// <summary>Watches the connection's socket; its first events (data already there, room to write) come at once.</summary>
    public ulong Add(EpollConnection connection, int fd)
    {
        ulong id = (ulong)Interlocked.Increment(ref _nextId);
        _connections[id] = connection;
        var watch = new Epoll.Event { Events = Epoll.In | Epoll.Out | Epoll.RdHup | Epoll.EdgeTriggered, Data = id };
        if (Epoll.Control(_epoll, Epoll.CtlAdd, fd, &watch) != 0)
        {
            _connections.TryRemove(id, out _);
            throw new IOException($"epoll_ctl(ADD) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        return id;
    }

    /// <summary>Stops watching; call before the socket is closed, so the descriptor is not reused while registered.</summary>
    public void Remove(ulong id, int fd)
    {
        Epoll.Control(_epoll, Epoll.CtlDel, fd, null);
        _connections.TryRemove(id, out _);
    }

    /// <summary>How long the loop waits after its <paramref name="failures"/>-th epoll_wait failure in a row: 10 ms, doubling, at most 1 s.</summary>
    internal static TimeSpan FailureBackoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(1000, 10 << Math.Min(failures - 1, 7)));

    private void Run()
    {
        var events = stackalloc Epoll.Event[BatchSize];
        int failures = 0;
        while (true)
        {
            int count = Epoll.Wait(_epoll, events, BatchSize, -1);
            if (count < 0)
            {
                // EINTR (a signal): wait again at once. Anything else cannot pass by itself; waiting longer each time,
                // up to a second, keeps a failing loop from spinning a core.
                if (Marshal.GetLastPInvokeError() != Libc.EIntr)
                {
                    Thread.Sleep(FailureBackoff(++failures));
                }
                continue;
            }
            failures = 0;
            for (int i = 0; i < count; i++)
            {
                if (_connections.TryGetValue(events[i].Data, out var connection))
                {
                    try
                    {
                        connection.OnEvents(events[i].Events);
                    }
                    catch (Exception e)
                    {
                        // What runs inline here is the connection's reader; a fault in it ends that connection, not the loop.
                        connection.Abort(new Microsoft.AspNetCore.Connections.ConnectionAbortedException("fault on the epoll thread", e));
                    }
                }
            }
        }
    }
}
