using System.Buffers;
using System.Net.Sockets;
using Layers.EdgeCatalog.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// The edge's own transport, in process, on real loopback connections, with a pool that counts its blocks: what
/// a connection rents comes back when it is disposed. A block that does not is not reused; the pool's blocks are
/// pinned, so it stays in the heap until a full collection — under connection churn, megabytes of RSS.
/// </summary>
[Collection(RunsAloneCollection.Name)]
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

    [Fact]
    public async Task A_peer_that_resets_mid_response_leaves_no_block_descriptor_or_task_behind()
    {
        await WithTransportAsync(async (listener, pool) =>
        {
            for (int i = 0; i < 10; i++)
            {
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                var (connection, writing) = await LargeResponseAsync(listener, client);
                await client.ReceiveAsync(new byte[1000]); // the response has started
                client.LingerState = new LingerOption(true, 0);
                client.Close(); // a reset
                await EndsInTimeAsync(connection, writing);
            }
        });
    }

    [Fact]
    public async Task An_abort_during_a_send_leaves_no_block_descriptor_or_task_behind()
    {
        await WithTransportAsync(async (listener, pool) =>
        {
            for (int i = 0; i < 10; i++)
            {
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                var (connection, writing) = await LargeResponseAsync(listener, client); // the client reads none of it
                // Until the client's receive buffer and the server's send queue hold bytes: the send loop then waits for the socket.
                int clientPort = ((IPEndPoint)client.LocalEndPoint!).Port, serverPort = ((IPEndPoint)listener.EndPoint).Port;
                await Eventually.WaitUntilAsync(() => client.Available > 0 && TcpQueues.SendQueueBytes(serverPort, clientPort) > 0, Timeout, "the socket to fill");
                connection.Abort(new ConnectionAbortedException("test"));
                await EndsInTimeAsync(connection, writing);
            }
        });
    }

    [Fact]
    public async Task Dispose_racing_a_receive_leaves_no_block_descriptor_or_task_behind()
    {
        await WithTransportAsync(async (listener, pool) =>
        {
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 10; i++)
            {
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                var connection = await AcceptedAsync(listener, client);
                using var stop = new CancellationTokenSource();
                var sending = Task.Run(async () =>
                {
                    try
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            await client.SendAsync(chunk, SocketFlags.None, stop.Token);
                        }
                    }
                    catch (Exception e) when (e is SocketException or OperationCanceledException)
                    {
                    }
                });
                var input = connection.Transport.Input;
                var read = await input.ReadAsync(); // receiving: the client keeps sending, the pipe fills and empties
                input.AdvanceTo(read.Buffer.End);
                await Task.Delay(i); // a later moment each round: the dispose meets the receive at another point of it
                await connection.DisposeAsync().AsTask().WaitAsync(Timeout);
                stop.Cancel();
                client.Close();
                await sending.WaitAsync(Timeout);
            }
        });
    }

    [Fact]
    public async Task Dispose_releases_everything_even_when_the_send_loop_failed()
    {
        await WithTransportAsync(async (listener, pool) =>
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var connection = await AcceptedAsync(listener, client);
            await client.SendAsync(Encoding.ASCII.GetBytes("left unread in the input pipe"));
            var read = await connection.Transport.Input.ReadAsync();
            connection.Transport.Input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            // The application ends its output with an error: the send loop rethrows it, and so does the dispose.
            await connection.Transport.Output.CompleteAsync(new InvalidOperationException("the application failed"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => connection.DisposeAsync().AsTask().WaitAsync(Timeout));
            Assert.Equal(0, await client.ReceiveAsync(new byte[1]).WaitAsync(Timeout)); // the socket is closed all the same
        });
    }

    [Fact]
    public async Task A_socket_epoll_will_not_watch_is_refused_leaving_nothing_behind()
    {
        await WithTransportAsync(async (listener, pool) =>
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await using var connection = await AcceptedAsync(listener, client);
            var socket = connection.Features.Get<IConnectionSocketFeature>()!.Socket;
            var pipes = EpollConnection.PipeOptionsPair.For(pool, new SocketTransportOptions());
            // epoll_ctl(ADD) fails with EEXIST: the socket is already watched by this loop.
            var loop = ((EpollConnection)connection).Loop;
            var refused = Assert.Throws<IOException>(() => new EpollConnection(socket, loop, pool, pipes));
            Assert.Contains("epoll_ctl", refused.Message);
        });
    }

    [Fact]
    public async Task A_signal_that_interrupts_epoll_wait_is_waited_out()
    {
        await WithTransportAsync(async (listener, pool) =>
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await using var connection = await AcceptedAsync(listener, client);
            // SIGCHLD (the runtime handles it, so it interrupts the wait with EINTR) to every epoll thread.
            int[] threads = [.. EpollThreads()];
            Assert.NotEmpty(threads);
            foreach (int thread in threads)
            {
                Assert.Equal(0, TgKill(Environment.ProcessId, thread, SigChld));
            }
            // Until every one has taken it (no longer pending): the signal was delivered to each, interrupting a wait in progress.
            await Eventually.WaitUntilAsync(() => !threads.Any(thread => SignalPending(thread, SigChld)), Timeout, "the epoll threads to take SIGCHLD");
            await client.SendAsync(Encoding.ASCII.GetBytes("ping"));
            var read = await connection.Transport.Input.ReadAsync().AsTask().WaitAsync(Timeout);
            Assert.Equal("ping", Encoding.ASCII.GetString(read.Buffer.ToArray()));
            connection.Transport.Input.AdvanceTo(read.Buffer.End);
        });
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(7, 640)]
    [InlineData(8, 1000)]
    [InlineData(1000, 1000)]
    public void A_failing_epoll_wait_is_retried_after_a_growing_pause_not_at_once(int failures, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), EpollLoop.FailureBackoff(failures));

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="test"/> on a bound transport; then every block it rented is back, and no descriptor is left open.</summary>
    private static async Task WithTransportAsync(Func<IConnectionListener, CountingPool, Task> test)
    {
        var pool = new CountingPool();
        var transport = new EpollTransport(new OnePool(pool), Options.Create(new SocketTransportOptions()));
        int descriptors = OpenDescriptors();
        var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        try
        {
            await test(listener, pool);
        }
        finally
        {
            await listener.DisposeAsync();
        }
        Assert.Equal(pool.Rented, pool.Returned);
        // The class runs alone (RunsAloneCollection), so the count is this transport's; a little slack for the runtime's own.
        Assert.InRange(OpenDescriptors(), 0, descriptors + 5);
    }

    /// <summary>Connects <paramref name="client"/> to the transport: the server's side of the connection.</summary>
    private static async Task<ConnectionContext> AcceptedAsync(IConnectionListener listener, Socket client)
    {
        await client.ConnectAsync((IPEndPoint)listener.EndPoint);
        return (await listener.AcceptAsync())!;
    }

    /// <summary>The server's side of a new connection from <paramref name="client"/>, writing a response of 4 MiB: far more than the socket buffers hold.</summary>
    private static async Task<(ConnectionContext Connection, Task Writing)> LargeResponseAsync(IConnectionListener listener, Socket client)
    {
        var connection = await AcceptedAsync(listener, client);
        return (connection, connection.Transport.Output.WriteAsync(new byte[4 << 20]).AsTask());
    }

    /// <summary>The write ends and the connection is disposed, each in time: nothing waits for a socket that will not drain.</summary>
    private static async Task EndsInTimeAsync(ConnectionContext connection, Task writing)
    {
        await writing.WaitAsync(Timeout);
        await connection.DisposeAsync().AsTask().WaitAsync(Timeout);
    }

    private static bool SignalPending(int thread, int signal)
    {
        string pending = File.ReadLines($"/proc/self/task/{thread}/status").First(line => line.StartsWith("SigPnd:", StringComparison.Ordinal))["SigPnd:".Length..].Trim();
        return (ulong.Parse(pending, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & (1UL << (signal - 1))) != 0;
    }

    private static int OpenDescriptors() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    private static IEnumerable<int> EpollThreads() =>
        Directory.GetDirectories("/proc/self/task")
            .Where(task => ThreadName(task) == "layers-epoll")
            .Select(task => int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture));

    private static string? ThreadName(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).Trim();
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            return null; // the thread ended after the folder was listed
        }
    }

    private const int SigChld = 17;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "tgkill", SetLastError = true)]
    private static extern int TgKill(int processId, int threadId, int signal);

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
