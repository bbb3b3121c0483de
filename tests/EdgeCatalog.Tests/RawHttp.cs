using System.Diagnostics;
using System.Net.Sockets;

namespace Layers.EdgeCatalog.Tests;

/// <summary>HTTP/1.1 over a raw TCP socket: exactly the bytes a hostile client writes, and what comes back.</summary>
internal static class RawHttp
{
    /// <summary>Status of a response that did not come: the server closed first.</summary>
    public const int Closed = 0;

    /// <summary>Status of a response that did not come: the server neither answered nor closed in time.</summary>
    public const int Hung = -1;

    public static Task<List<(int Status, byte[] Body)>> ExchangeAllAsync(EdgeServer edge, string request, bool halfClose) =>
        ExchangeAllAsync(edge, [Latin1(request)], halfClose);

    public static Task<List<(int Status, byte[] Body)>> ExchangeAllAsync(EdgeServer edge, string[] pieces, bool halfClose) =>
        ExchangeAllAsync(edge, [.. pieces.Select(Latin1)], halfClose);

    /// <summary>
    /// Sends the pieces, each once the edge has read the one before (so each arrives in a read of its own), optionally shuts down the send side, and reads responses until the
    /// server closes; a last entry with status <see cref="Hung"/> when it neither answers nor closes within
    /// <paramref name="timeout"/> (default 10 s).
    /// </summary>
    public static async Task<List<(int Status, byte[] Body)>> ExchangeAllAsync(EdgeServer edge, byte[][] pieces, bool halfClose, TimeSpan? timeout = null)
    {
        using var socket = await ConnectAsync(edge);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var responses = new List<(int, byte[])>();
        try
        {
            for (int i = 0; i < pieces.Length; i++)
            {
                if (i > 0)
                {
                    await ReadByTheEdgeAsync(socket);
                }
                await socket.SendAsync(pieces[i]);
            }
            if (halfClose)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            // the server closed (or reset) before it had it all: what it answered is still to read
        }
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            // Pipelined requests after a HEAD are not told apart: only the first response's framing is known for sure.
            bool head = pieces is [[(byte)'H', (byte)'E', (byte)'A', (byte)'D', (byte)' ', ..], ..];
            while (await HttpWire.ReadResponseAsync(stream, cancel.Token, toHead: head && responses.Count == 0) is { Status: > 0 } response)
            {
                responses.Add(response);
            }
        }
        catch (OperationCanceledException)
        {
            responses.Add((Hung, []));
        }
        catch (Exception e) when (e is IOException or EndOfStreamException)
        {
            // a reset, or the stream ended inside a response: closed all the same
        }
        return responses;
    }

    /// <summary>The status of the response (0 when none) and how long after the FIN was sent the server closed.</summary>
    public static async Task<(int Status, TimeSpan ClosedAfter)> TimeToCloseAsync(EdgeServer edge, string request, bool splitFin)
    {
        using var socket = await ConnectAsync(edge);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        await socket.SendAsync(Latin1(request));
        if (splitFin)
        {
            await ReadByTheEdgeAsync(socket); // the FIN in a read of its own
        }
        socket.Shutdown(SocketShutdown.Send);
        var stopwatch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int status = Closed;
        try
        {
            if (await HttpWire.ReadResponseAsync(stream, timeout.Token) is { Status: > 0 } response)
            {
                status = response.Status;
                while (await stream.ReadAsync(new byte[1], timeout.Token) > 0)
                {
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (status, TimeSpan.MaxValue);
        }
        catch (IOException)
        {
        }
        return (status, stopwatch.Elapsed);
    }

    public static byte[] Latin1(string text) => System.Text.Encoding.Latin1.GetBytes(text);

    /// <summary>Waits until the edge has read all the socket sent (or closed the connection).</summary>
    private static Task ReadByTheEdgeAsync(Socket socket)
    {
        int client = ((IPEndPoint)socket.LocalEndPoint!).Port, server = ((IPEndPoint)socket.RemoteEndPoint!).Port;
        return Eventually.WaitUntilAsync(() => TcpQueues.ServerHasReadAll(client, server), TimeSpan.FromSeconds(10), $"the edge on port {server} to read what port {client} sent");
    }

    private static async Task<Socket> ConnectAsync(EdgeServer edge)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, edge.BaseAddress.Port);
        return socket;
    }
}
