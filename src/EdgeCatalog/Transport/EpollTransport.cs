using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Layers.EdgeCatalog.Interop;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Layers.EdgeCatalog.Transport;

/// <summary>
/// Kestrel's transport for TCP endpoints when <c>LAYERS_TRANSPORT=epoll</c>: accepts with .NET's socket, then
/// receives and sends through <see cref="EpollLoop"/> (see <see cref="EpollConnection"/> for why). Other endpoints
/// fall through to Kestrel's socket transport.
/// </summary>
internal sealed class EpollTransport(IMemoryPoolFactory<byte> pools, IOptions<SocketTransportOptions> sockets)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public static bool IsAvailable => Epoll.IsAvailable;

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var ip = (IPEndPoint)endpoint;
        var listen = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (ip.Address.Equals(IPAddress.IPv6Any))
            {
                listen.DualMode = true;
            }
            listen.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listen.Bind(ip);
            listen.Listen(512);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listen.Dispose();
            throw new AddressInUseException(e.Message, e);
        }
        // Kestrel's own pinned block pool, as its socket transport uses: blocks are reused across connections.
        var pool = pools.Create(new MemoryPoolOptions { Owner = "layers-epoll" });
        return new ValueTask<IConnectionListener>(new Listener(listen, pool, EpollConnection.PipeOptionsPair.For(pool, sockets.Value)));
    }

    private sealed class Listener(Socket listen, MemoryPool<byte> pool, EpollConnection.PipeOptionsPair pipes) : IConnectionListener
    {
        public EndPoint EndPoint { get; } = listen.LocalEndPoint!;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                Socket accepted;
                try
                {
                    accepted = await listen.AcceptAsync(cancellationToken);
                }
                catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException
                                              || e is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
                {
                    return null; // unbound
                }
                catch (SocketException)
                {
                    continue; // the client gave up before we took it (ECONNABORTED and the like)
                }
                try
                {
                    accepted.NoDelay = true;
                    accepted.Blocking = false;
                    return new EpollConnection(accepted, EpollLoop.Next(), pool, pipes);
                }
                catch (Exception e) when (e is SocketException or IOException)
                {
                    accepted.Dispose(); // reset before we could set it up: the next one; Kestrel's accept loop must not end
                }
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            listen.Dispose();
            return default;
        }

        public ValueTask DisposeAsync()
        {
            listen.Dispose();
            pool.Dispose();
            return default;
        }
    }
}
