using System.Net.Sockets;
using Layers.EdgeCatalog.FastLane;
using Layers.EdgeCatalog.Serving;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// The fast lane's sender on a real loopback TCP connection: a body kept in the snapshot's <see cref="BodyFile"/>
/// goes by sendfile after its head and arrives exactly as the managed bytes would, also when the socket fills
/// mid-body and when the file was closed by a swap before the send.
/// </summary>
public sealed class SocketResponderTests : IDisposable
{
    private static readonly byte[] Date = Encoding.ASCII.GetBytes("Tue, 24 Nov 2026 12:00:00 GMT");

    private readonly Socket _server;
    private readonly Socket _client;
    private readonly ServingCatalog _catalog = ServingCatalog.From(SnapshotReader.Read(TestStore.Write("v1", 400, seed: 5).Blob));

    public SocketResponderTests()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _client.Connect(listener.LocalEndPoint!);
        _server = listener.Accept();
        _server.Blocking = false; // as Kestrel's sockets are: the responder uses sendfile only on those
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _catalog.Dispose();
    }

    [Theory]
    [InlineData(ContentEncoding.Identity)]
    [InlineData(ContentEncoding.Gzip)]
    public async Task A_body_in_the_file_arrives_whole_after_its_head(ContentEncoding encoding)
    {
        var response = WireResponse.Ok(_catalog.List(encoding));
        Assert.NotNull(response.File);
        var responder = new SocketResponder(_server);

        await responder.SendAsync(response, Date, closing: false);

        Assert.Equal(Expected(response), Receive(Expected(response).Length));
        Assert.True(responder.SendsFiles, "the responder gave up on sendfile");
    }

    [Fact]
    public async Task A_body_whose_file_a_swap_closed_still_arrives_whole()
    {
        var response = WireResponse.Ok(_catalog.List(ContentEncoding.Identity));
        _catalog.Dispose(); // swapped out while this request held it

        await new SocketResponder(_server).SendAsync(response, Date, closing: false);

        Assert.Equal(Expected(response), Receive(Expected(response).Length));
    }

    [Fact]
    public async Task Responses_to_a_peer_that_stops_reading_arrive_whole_and_in_order_once_it_reads()
    {
        _client.ReceiveBufferSize = 4096;
        _server.SendBufferSize = 4096;
        var responses = new[] { ContentEncoding.Identity, ContentEncoding.Gzip, ContentEncoding.Brotli, ContentEncoding.Identity }
            .Select(e => WireResponse.Ok(_catalog.List(e))).ToArray();
        var responder = new SocketResponder(_server);

        var sending = Task.Run(async () =>
        {
            foreach (var response in responses)
            {
                await responder.SendAsync(response, Date, closing: false);
            }
        });
        // Until the client's receive buffer and the server's send queue hold bytes: the responder then waits for the socket.
        int serverPort = ((IPEndPoint)_server.LocalEndPoint!).Port, clientPort = ((IPEndPoint)_client.LocalEndPoint!).Port;
        await Eventually.WaitUntilAsync(() => _client.Available > 0 && TcpQueues.SendQueueBytes(serverPort, clientPort) > 0, TimeSpan.FromSeconds(10), "the socket to fill");
        Assert.False(sending.IsCompleted, "the socket never filled: this test would not exercise the rest-of-the-body path");

        byte[] expected = [.. responses.SelectMany(Expected)];
        Assert.Equal(expected, Receive(expected.Length));
        await sending;
    }

    private static byte[] Expected(WireResponse response)
    {
        var head = new byte[WireResponse.MaxHeadBytes];
        int length = response.WriteHead(head, Date, closing: false);
        return [.. head.AsSpan(0, length), .. response.Body.Span];
    }

    private byte[] Receive(int length)
    {
        var received = new byte[length];
        int at = 0;
        _client.ReceiveTimeout = 10_000;
        while (at < length)
        {
            int n = _client.Receive(received.AsSpan(at));
            Assert.True(n > 0, $"the connection ended after {at} of {length} bytes");
            at += n;
        }
        _client.Blocking = false;
        Assert.Throws<SocketException>(() => _client.Receive(new byte[1])); // nothing more than the responses: would block
        return received;
    }
}
