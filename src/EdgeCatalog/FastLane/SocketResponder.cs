using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Layers.EdgeCatalog.Interop;
using Layers.EdgeCatalog.Serving;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Layers.EdgeCatalog.FastLane;

/// <summary>
/// Sends the fast lane's responses straight to the connection's socket. The response head is written, with the
/// Date spliced in, into a per-connection buffer. A large body that the snapshot also keeps in a
/// <see cref="BodyFile"/> goes by <c>sendfile</c> after the head (sent with <c>MSG_MORE</c>, so both leave in the
/// same segments): the kernel references the file's pages instead of copying the body. Any other body goes with the
/// head in one <c>sendmsg</c> with two iovecs. Either way the body is never copied in user space, and Kestrel's
/// output pipe and send loop are not involved. When the socket's buffer fills, the rest goes from the body's
/// managed bytes through <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>,
/// which waits for the socket to drain.
///
/// Invariant: while the lane owns the connection nothing is written to Kestrel's output pipe, so its send loop
/// is idle and the two never interleave; every send here has completed before the lane hands the connection to
/// Kestrel or returns. The socket and file handles are ref-counted around each syscall, so a concurrent abort
/// (a timeout on the heartbeat thread) or a snapshot swap cannot close them, and let the descriptor be reused,
/// under a send.
/// </summary>
internal sealed class SocketResponder
{
    private readonly Socket _socket;
    private readonly SafeSocketHandle _handle;
    private readonly byte[] _head = new byte[WireResponse.MaxHeadBytes];

    /// <summary>
    /// sendfile has no flag for "don't block": it is used only on a socket that is non-blocking itself, and no
    /// more on this connection once it has failed for any reason but a full socket.
    /// </summary>
    private bool _sendsFiles;

    internal SocketResponder(Socket socket)
    {
        _socket = socket;
        _handle = socket.SafeHandle;
        _sendsFiles = IsNonBlocking();
    }

    /// <summary>Whether large bodies still go by sendfile on this connection.</summary>
    internal bool SendsFiles => _sendsFiles;

    /// <summary>The connection's responder, or null when it has no socket to send on (another transport, another OS).</summary>
    public static SocketResponder? For(ConnectionContext connection) =>
        Libc.IsAvailable && connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket ? new(socket) : null;

    /// <summary>Sends the whole response (with <c>Connection: close</c> when <paramref name="closing"/>); completes synchronously unless the socket's send buffer is full.</summary>
    public ValueTask SendAsync(WireResponse response, ReadOnlySpan<byte> date, bool closing)
    {
        int headLength = response.WriteHead(_head, date, closing);
        var body = response.Body;
        long sent = _sendsFiles && response.File is { } file
            ? SendWithFile(headLength, file, response.FileOffset, body.Length)
            : SendMessage(headLength, body.Span, 0);
        return sent == headLength + body.Length ? default : SendRestAsync(headLength, body, sent);
    }

    private long SendWithFile(int headLength, BodyFile file, long offset, int bodyLength)
    {
        long sent = SendMessage(headLength, [], Libc.MsgMore);
        return sent < headLength ? sent : headLength + SendFile(file, offset, bodyLength);
    }

    /// <summary>The head and <paramref name="body"/> in one sendmsg; how much of them went.</summary>
    private unsafe long SendMessage(int headLength, ReadOnlySpan<byte> body, int flags)
    {
        using var socket = new Lease(_handle);
        fixed (byte* head = _head)
        fixed (byte* bodyBytes = body)
        {
            var vectors = stackalloc Libc.IoVector[2];
            vectors[0] = new Libc.IoVector { Base = head, Length = (nuint)headLength };
            vectors[1] = new Libc.IoVector { Base = bodyBytes, Length = (nuint)body.Length };
            var message = new Libc.MessageHeader { Vectors = vectors, VectorCount = body.IsEmpty ? 1u : 2u };
            while (true)
            {
                nint sent = Libc.SendMessage(socket.Fd, &message, Libc.MsgDontWait | Libc.MsgNoSignal | flags);
                if (sent >= 0)
                {
                    return sent;
                }
                int error = Marshal.GetLastPInvokeError();
                if (error == Libc.EAgain)
                {
                    return 0;
                }
                if (error != Libc.EIntr)
                {
                    throw new IOException($"sendmsg failed with errno {error}");
                }
            }
        }
    }

    /// <summary>
    /// Up to <paramref name="count"/> bytes of the file from <paramref name="offset"/>; how many went. The file only
    /// saves a copy — the managed body holds the same bytes — so whatever stops it (a full socket, a closed file,
    /// a kernel that cannot splice from it) leaves the rest to the managed path, which reports real socket errors.
    /// </summary>
    private unsafe long SendFile(BodyFile file, long offset, int count)
    {
        if (!Lease.TryTake(file.Handle, out var source))
        {
            return 0; // the snapshot was swapped out and its file closed
        }
        using (source)
        {
            using var socket = new Lease(_handle);
            long at = offset, end = offset + count;
            while (at < end)
            {
                nint sent = Libc.SendFile(socket.Fd, source.Fd, &at, (nuint)(end - at));
                int error = sent > 0 ? 0 : sent < 0 ? Marshal.GetLastPInvokeError() : -1;
                if (error != 0 && error != Libc.EIntr)
                {
                    _sendsFiles &= error == Libc.EAgain;
                    break;
                }
            }
            return at - offset;
        }
    }

    private bool IsNonBlocking()
    {
        using var socket = new Lease(_handle);
        int flags = Libc.Fcntl(socket.Fd, Libc.FGetFl, 0);
        return flags >= 0 && (flags & Libc.ONonBlock) != 0;
    }

    // Pooled: large bodies to slow readers take this path often, and it should not allocate a box each time.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendRestAsync(int headLength, ReadOnlyMemory<byte> body, long sent)
    {
        if (sent < headLength)
        {
            await _socket.SendAsync(_head.AsMemory((int)sent, headLength - (int)sent), SocketFlags.None);
            sent = headLength;
        }
        await _socket.SendAsync(body[(int)(sent - headLength)..], SocketFlags.None);
    }
}
