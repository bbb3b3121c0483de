using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Layers.EdgeCatalog.FastLane;

/// <summary>
/// Sends the fast lane's responses straight to the connection's socket: the response head (with the Date
/// spliced into a per-connection buffer) and the snapshot's immutable body in one <c>sendmsg</c> with two
/// iovecs. The body is never copied in user space, and Kestrel's output pipe and send loop are not involved.
/// When the socket's buffer fills, the rest goes through <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>,
/// which waits for the socket to drain.
///
/// Invariant: while the lane owns the connection nothing is written to Kestrel's output pipe, so its send loop
/// is idle and the two never interleave; every send here has completed before the lane hands the connection to
/// Kestrel or returns. The socket handle is ref-counted around the syscall, so a concurrent abort (a timeout on
/// the heartbeat thread) cannot close it, and let the descriptor be reused, under a send.
/// </summary>
internal sealed partial class SocketResponder
{
    private const int MsgDontWait = 0x40;
    private const int MsgNoSignal = 0x4000;
    private const int EIntr = 4;
    private const int EAgain = 11;

    private readonly Socket _socket;
    private readonly SafeSocketHandle _handle;
    private readonly byte[] _head = new byte[WireResponse.MaxHeadBytes];

    internal SocketResponder(Socket socket)
    {
        _socket = socket;
        _handle = socket.SafeHandle;
    }

    /// <summary>The connection's responder, or null when it has no socket to send on (another transport, another OS).</summary>
    public static SocketResponder? For(ConnectionContext connection) =>
        OperatingSystem.IsLinux() && Environment.Is64BitProcess && connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket ? new(socket) : null;

    /// <summary>Sends the whole response; completes synchronously unless the socket's send buffer is full.</summary>
    public ValueTask SendAsync(WireResponse response, ReadOnlySpan<byte> date)
    {
        int headLength = response.WriteHead(_head, date);
        var body = response.Body;
        long sent = SendNow(headLength, body.Span);
        return sent == headLength + body.Length ? default : SendRestAsync(headLength, body, sent);
    }

    private unsafe long SendNow(int headLength, ReadOnlySpan<byte> body)
    {
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            int fd = (int)_handle.DangerousGetHandle();
            fixed (byte* head = _head)
            fixed (byte* bodyBytes = body)
            {
                var vectors = stackalloc IoVector[2];
                vectors[0] = new IoVector { Base = head, Length = (nuint)headLength };
                vectors[1] = new IoVector { Base = bodyBytes, Length = (nuint)body.Length };
                var message = new MessageHeader { Vectors = vectors, VectorCount = body.IsEmpty ? 1u : 2u };
                while (true)
                {
                    nint sent = SendMessage(fd, &message, MsgDontWait | MsgNoSignal);
                    if (sent >= 0)
                    {
                        return sent;
                    }
                    int error = Marshal.GetLastPInvokeError();
                    if (error == EAgain)
                    {
                        return 0;
                    }
                    if (error != EIntr)
                    {
                        throw new IOException($"sendmsg failed with errno {error}");
                    }
                }
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
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

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static unsafe partial nint SendMessage(int socket, MessageHeader* message, int flags);

    // struct iovec and struct msghdr of Linux on 64-bit targets.
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }
}
