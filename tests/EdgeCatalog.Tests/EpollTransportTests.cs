using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Layers.EdgeCatalog.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// The edge's own transport, in process, on real loopback connections, with a pool that counts its blocks: what
/// a connection rents comes back when it is disposed. A block that does not is not reused; the pool's blocks are
/// pinned, so it stays in the heap until a full collection — under connection churn, megabytes of RSS.
/// </summary>
public sealed class EpollTransportTests
{
    [Fact]
    public async Task Every_block_a_connection_rented_is_back_in_the_pool_once_it_is_disposed()
    {
        var pool = new CountingPool();
        var transport = new EpollTransport(new OnePool(pool), Options.Create(new SocketTransportOptions()));
        var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        byte[] request = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        byte[] unread = Encoding.ASCII.GetBytes("GET /pipelined HTTP/1.1\r\nHost: t\r\n\r\n");
        byte[] response = new byte[10_000]; // spans three blocks of the output pipe
        try
        {
            for (int i = 0; i < 20; i++)
            {
                using var client = new TcpClient();
                await client.ConnectAsync((IPEndPoint)listener.EndPoint);
                var connection = (await listener.AcceptAsync())!;
                var stream = client.GetStream();
                await stream.WriteAsync(request.Concat(unread).ToArray());

                // Bytes left unread when the server closes: the connection's input pipe still holds them.
                var input = connection.Transport.Input;
                var read = await input.ReadAsync();
                while (read.Buffer.Length < request.Length + unread.Length)
                {
                    input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    read = await input.ReadAsync();
                }
                input.AdvanceTo(read.Buffer.GetPosition(request.Length), read.Buffer.End);
                await connection.Transport.Output.WriteAsync(response);
                await connection.DisposeAsync(); // the server closes first, as after a Connection: close request

                var received = new MemoryStream();
                await stream.CopyToAsync(received);
                Assert.Equal(response.Length, received.Length);
            }
        }
        finally
        {
            await listener.DisposeAsync();
        }
        Assert.True(pool.Rented > 20, $"{pool.Rented} blocks rented");
        Assert.Equal(pool.Rented, pool.Returned);
    }

    private sealed class OnePool(MemoryPool<byte> pool) : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => pool;
    }

    private sealed class CountingPool : MemoryPool<byte>
    {
        private int _rented;
        private int _returned;

        public int Rented => Volatile.Read(ref _rented);

        public int Returned => Volatile.Read(ref _returned);

        public override int MaxBufferSize => 4096;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
        {
            Interlocked.Increment(ref _rented);
            return new Block(this);
        }

        protected override void Dispose(bool disposing)
        {
        }

        private sealed class Block(CountingPool pool) : IMemoryOwner<byte>
        {
            private byte[]? _bytes = GC.AllocateUninitializedArray<byte>(4096, pinned: true);

            public Memory<byte> Memory => _bytes ?? throw new ObjectDisposedException(nameof(Block));

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _bytes, null) is not null)
                {
                    Interlocked.Increment(ref pool._returned);
                }
            }
        }
    }
}
