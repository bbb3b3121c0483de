using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Layers.EdgeCatalog.Interop;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Layers.EdgeCatalog.Transport;

/// <summary>
/// One accepted TCP connection of <see cref="EpollTransport"/>. Receiving: on each readable edge the socket is read
/// into the input pipe until a read comes back short — the socket is then empty, and epoll will raise a new edge for
/// anything that arrives — so a request costs one recv, where .NET's socket engine tries again and gets EAGAIN. The
/// one exception is the peer's FIN: its edge (EPOLLRDHUP) may come with the data, and no other comes after it, so
/// once it is seen the socket is read until recv returns 0, and the input pipe completes.
/// Sending: Kestrel's output pipe is drained with sendmsg; a full socket waits for the next writable edge.
///
/// Invariants: one receive loop at a time (<see cref="_receiving"/>), and it alone writes the input pipe; the
/// socket is closed only in <see cref="DisposeAsync"/>, after the loop has stopped watching it and the send loop
/// has ended.
/// </summary>
internal sealed class EpollConnection : ConnectionContext, IConnectionIdFeature, IConnectionTransportFeature,
    IConnectionItemsFeature, IConnectionLifetimeFeature, IConnectionEndPointFeature, IConnectionSocketFeature
{
    // Half a pool block, as Kestrel's socket transport asks: a receive then goes on into the block the last one
    // left room in, instead of renting (and the pool's queue churning) a fresh block per request.
    private const int SegmentBytes = 4096;
    private const int MinReceiveBytes = SegmentBytes / 2;
    private static long s_lastId;

    private readonly Socket _socket;
    private readonly int _fd;
    private readonly EpollLoop _loop;
    private readonly ulong _id;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _closed = new();
    private readonly Task _sending;
    private IDictionary<object, object?>? _items;
    private int _receiving;
    private int _readableAgain;
    private volatile bool _peerClosed;
    private int _writableEdges;
    private TaskCompletionSource? _writable;
    private TaskCompletionSource? _receiveEnded;
    private volatile bool _aborted;
    private int _closedSignalled;

    /// <summary>The options of the input pipe (received bytes) and the output pipe (bytes to send), made once per listener.</summary>
    public sealed record PipeOptionsPair(PipeOptions Input, PipeOptions Output)
    {
        // The buffer limits of Kestrel's socket transport (1 MiB received, 64 KiB to send by default), so an
        // operator's UseSockets settings hold for either transport. Inline schedulers: see the constructor.
        public static PipeOptionsPair For(MemoryPool<byte> pool, SocketTransportOptions limits)
        {
            static PipeOptions Options(MemoryPool<byte> pool, long? pauseAt) =>
                new(pool, PipeScheduler.Inline, PipeScheduler.Inline, pauseAt ?? 0, (pauseAt ?? 0) / 2, SegmentBytes, false);
            return new(Options(pool, limits.MaxReadBufferSize), Options(pool, limits.MaxWriteBufferSize));
        }
    }

    public EpollConnection(Socket socket, EpollLoop loop, MemoryPool<byte> pool, PipeOptionsPair pipes)
    {
        _socket = socket;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _loop = loop;
        ConnectionId = "E" + Interlocked.Increment(ref s_lastId).ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
        // Inline schedulers: the HTTP handling (or the fast lane) reads each request on the epoll thread as it
        // arrives, as Kestrel's socket transport does with UnsafePreferInlineScheduling.
        _input = new Pipe(pipes.Input);
        _output = new Pipe(pipes.Output);
        Transport = new DuplexPipe(_input.Reader, _output.Writer);
        Features.Set<IConnectionIdFeature>(this);
        Features.Set<IConnectionTransportFeature>(this);
        Features.Set<IConnectionItemsFeature>(this);
        Features.Set<IConnectionLifetimeFeature>(this);
        Features.Set<IConnectionEndPointFeature>(this);
        Features.Set<IConnectionSocketFeature>(this);
        Features.Set<IMemoryPoolFeature>(new PoolFeature(pool));
        _sending = SendLoopAsync();
        try
        {
            _id = loop.Add(this, _fd);
        }
        catch
        {
            // Never handed to Kestrel, so never disposed: end the send loop and the pipes here. The caller closes the socket.
            _output.Writer.Complete();
            _input.Writer.Complete();
            _input.Reader.Complete();
            throw;
        }
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items
    {
        get => _items ??= new ConnectionItems();
        set => _items = value;
    }

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed
    {
        get => _closed.Token;
        set => throw new NotSupportedException();
    }

    public override EndPoint? LocalEndPoint { get; set; }

    public override EndPoint? RemoteEndPoint { get; set; }

    public Socket Socket => _socket;

    /// <summary>The loop that watches this connection's socket.</summary>
    internal EpollLoop Loop => _loop;

    /// <summary>On the epoll thread. Never throws: the loop serves every connection.</summary>
    public void OnEvents(uint events)
    {
        if ((events & (Epoll.Out | Epoll.Err | Epoll.Hup)) != 0)
        {
            Interlocked.Increment(ref _writableEdges);
            WakeSender();
        }
        if ((events & (Epoll.RdHup | Epoll.Err | Epoll.Hup)) != 0)
        {
            _peerClosed = true; // before the receive: it must read on to the end of stream
        }
        if ((events & (Epoll.In | Epoll.RdHup | Epoll.Err | Epoll.Hup)) != 0)
        {
            Receive();
        }
    }

    // Whoever takes _receiving runs the loop; an edge that comes meanwhile sets _readableAgain, so the owner reads
    // once more before letting go and no data is left unread behind a lost edge.
    private void Receive()
    {
        Volatile.Write(ref _readableAgain, 1);
        while (Interlocked.CompareExchange(ref _receiving, 1, 0) == 0)
        {
            Volatile.Write(ref _readableAgain, 0);
            if (ReceiveUntilEmpty() is { } flush)
            {
                ResumeWhenFlushed(flush); // _receiving stays taken
                return;
            }
            ReleaseReceiving();
            if (Volatile.Read(ref _readableAgain) == 0)
            {
                return;
            }
        }
    }

    // Its own method: a lambda capturing the flush in Receive would allocate its closure on every receive.
    private void ResumeWhenFlushed(ValueTask<FlushResult> flush) => flush.GetAwaiter().UnsafeOnCompleted(() => ResumeAfterFlush(flush));

    private void ResumeAfterFlush(ValueTask<FlushResult> flush)
    {
        bool readerDone;
        try
        {
            readerDone = flush.Result.IsCompleted;
        }
        catch (Exception)
        {
            readerDone = true;
        }
        ReleaseReceiving();
        if (!readerDone)
        {
            Receive(); // the socket may hold data whose edge came while the pipe was full
        }
    }

    // A full fence: the reads after it must not move above the release.
    private void ReleaseReceiving()
    {
        Interlocked.Exchange(ref _receiving, 0);
        if (Volatile.Read(ref _receiveEnded) is not null)
        {
            Interlocked.Exchange(ref _receiveEnded, null)?.TrySetResult(); // DisposeAsync is waiting for this receive
        }
    }

    /// <summary>Reads until the socket is empty; a flush still pending (the pipe is full) is returned to wait on.</summary>
    private unsafe ValueTask<FlushResult>? ReceiveUntilEmpty()
    {
        var writer = _input.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(MinReceiveBytes);
                nint received;
                fixed (byte* buffer = memory.Span)
                {
                    received = Libc.Receive(_fd, buffer, (nuint)memory.Length, 0);
                }
                if (received > 0)
                {
                    writer.Advance((int)received);
                    var flush = writer.FlushAsync();
                    if (!flush.IsCompletedSuccessfully)
                    {
                        return flush;
                    }
                    if (flush.Result.IsCompleted || (received < memory.Length && !_peerClosed))
                    {
                        return null; // a short read: the socket is empty until the next edge
                    }
                    continue;
                }
                int error = received == 0 ? 0 : Marshal.GetLastPInvokeError();
                if (error == Libc.EAgain)
                {
                    return null;
                }
                if (error == Libc.EIntr)
                {
                    continue;
                }
                // End of stream, a reset, or an abort's shutdown. A FIN only ends the input, so the request before it is
                // still answered: ConnectionClosed, on which Kestrel abandons its response, fires at a reset, an abort or
                // the dispose. (Kestrel's socket transport fires it at the FIN too, and so may drop that answer.)
                writer.Complete(_aborted ? new ConnectionAbortedException() : error == 0 ? null : new ConnectionResetException($"recv: errno {error}"));
                if (error != 0 || _aborted)
                {
                    SignalClosed();
                }
                return null;
            }
        }
        catch (InvalidOperationException)
        {
            return null; // the writer was completed (disposed connection)
        }
    }

    private async Task SendLoopAsync()
    {
        // No yield first: the pipe is empty, so the first read waits and the constructor goes on. A connection the
        // fast lane serves never writes to this pipe, so its send loop costs no thread-pool hop at all.
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (!buffer.IsEmpty && !_aborted)
                {
                    int edges = Volatile.Read(ref _writableEdges);
                    long sent = SendSome(buffer);
                    if (sent > 0)
                    {
                        buffer = buffer.Slice(sent);
                        continue;
                    }
                    int error = sent == 0 ? -1 : Marshal.GetLastPInvokeError();
                    if (error == Libc.EAgain)
                    {
                        var writable = new TaskCompletionSource(); // resumed inline on the epoll thread, as .NET's inline socket completions
                        Interlocked.Exchange(ref _writable, writable);
                        if (Volatile.Read(ref _writableEdges) == edges)
                        {
                            await writable.Task;
                        }
                        continue;
                    }
                    if (error != Libc.EIntr)
                    {
                        Abort(new ConnectionAbortedException($"send: errno {error}"));
                    }
                }
                reader.AdvanceTo(buffer.Start);
                if (result.IsCompleted || result.IsCanceled || _aborted)
                {
                    break;
                }
            }
        }
        catch (Exception) when (_aborted)
        {
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private const int MaxSegments = 64;

    [InlineArray(MaxSegments)]
    private struct Pins
    {
        private MemoryHandle _first;
    }

    /// <summary>As much of <paramref name="buffer"/> as the socket takes, in one sendmsg of up to 64 segments.</summary>
    private unsafe long SendSome(in ReadOnlySequence<byte> buffer)
    {
        var pins = new Pins(); // on the stack: a send allocates nothing
        var vectors = stackalloc Libc.IoVector[MaxSegments];
        int count = 0;
        try
        {
            foreach (var segment in buffer)
            {
                if (count == MaxSegments)
                {
                    break;
                }
                if (segment.IsEmpty)
                {
                    continue;
                }
                pins[count] = segment.Pin();
                vectors[count] = new Libc.IoVector { Base = (byte*)pins[count].Pointer, Length = (nuint)segment.Length };
                count++;
            }
            var message = new Libc.MessageHeader { Vectors = vectors, VectorCount = (nuint)count };
            return Libc.SendMessage(_fd, &message, Libc.MsgNoSignal);
        }
        finally
        {
            for (int i = 0; i < count; i++)
            {
                pins[i].Dispose();
            }
        }
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        if (_aborted)
        {
            return;
        }
        _aborted = true;
        if (Lease.TryTake(_socket.SafeHandle, out var socket))
        {
            using (socket)
            {
                Libc.Shutdown(socket.Fd, Libc.ShutRdWr); // the receive side sees end of stream; sends fail
            }
        }
        try
        {
            _output.Reader.CancelPendingRead();
        }
        catch (InvalidOperationException)
        {
        }
        WakeSender();
        SignalClosed();
    }

    private void WakeSender() => Interlocked.Exchange(ref _writable, null)?.TrySetResult();

    private void SignalClosed()
    {
        if (Interlocked.Exchange(ref _closedSignalled, 1) == 0)
        {
            // Not inline: the token's callbacks (Kestrel aborting the request) must not run on the epoll thread.
            // The source is never disposed, so this late cancel cannot meet a disposed one.
            ThreadPool.UnsafeQueueUserWorkItem(static closed => closed.Cancel(), _closed, preferLocal: false);
        }
    }

    /// <summary>
    /// As Kestrel's socket transport: what the application wrote is still sent (an abort cuts it short). Every step
    /// that releases something (the epoll registration, the pipes' blocks, the descriptor) runs even when one
    /// before it throws.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await _output.Writer.CompleteAsync();
            await _sending;
        }
        finally
        {
            _loop.Remove(_id, _fd);
            try
            {
                await _input.Reader.CompleteAsync(); // a receive waiting on a full pipe ends
                await ReceiveEndedAsync();
            }
            finally
            {
                // Both ends of both pipes complete, so every block still in them goes back to the pool. A block left in
                // a pipe is not collected until a gen2 GC (the pool's blocks are pinned), which under connection churn
                // grew the heap by megabytes.
                _input.Writer.Complete();
                SignalClosed();
                _socket.Dispose();
            }
        }
    }

    // A receive may be running on the epoll thread: the descriptor stays open until it ends. The signal is set
    // before the second try, so a receive that lets go after the first try sees it.
    private async Task ReceiveEndedAsync()
    {
        while (Interlocked.CompareExchange(ref _receiving, 1, 0) != 0)
        {
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _receiveEnded, ended);
            if (Interlocked.CompareExchange(ref _receiving, 1, 0) == 0)
            {
                break;
            }
            await ended.Task;
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class PoolFeature(MemoryPool<byte> pool) : IMemoryPoolFeature
    {
        public MemoryPool<byte> MemoryPool { get; } = pool;
    }
}
