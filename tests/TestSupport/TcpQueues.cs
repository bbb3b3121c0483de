using System.Globalization;

namespace Layers.TestSupport;

/// <summary>
/// What the kernel holds for one IPv4 TCP connection on this machine (Linux, /proc/net/tcp): how a test waits for
/// socket buffers to fill, or for a server to have read what it was sent, instead of sleeping.
/// </summary>
public static class TcpQueues
{
    /// <summary>Bytes queued to send by the socket bound to <paramref name="localPort"/> and connected to <paramref name="remotePort"/> (not yet acknowledged by the peer); null when there is no such socket.</summary>
    public static long? SendQueueBytes(int localPort, int remotePort) => Queues(localPort, remotePort)?.Send;

    /// <summary>Bytes received by the socket bound to <paramref name="localPort"/> and connected to <paramref name="remotePort"/> that its process has not read yet; null when there is no such socket.</summary>
    public static long? ReceiveQueueBytes(int localPort, int remotePort) => Queues(localPort, remotePort)?.Receive;

    /// <summary>
    /// Whether the server on <paramref name="serverPort"/> has read everything the client on <paramref name="clientPort"/>
    /// sent it (or one of the two sockets is gone: closed or reset). The client's queue is read first: once the
    /// server's kernel has acknowledged the bytes, they stay in its receive queue until the server reads them.
    /// </summary>
    public static bool ServerHasReadAll(int clientPort, int serverPort) =>
        SendQueueBytes(clientPort, serverPort) is null or 0 && ReceiveQueueBytes(serverPort, clientPort) is null or 0;

    private static (long Send, long Receive)? Queues(int localPort, int remotePort)
    {
        foreach (string line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue ...
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 4 && Port(fields[1]) == localPort && Port(fields[2]) == remotePort)
            {
                string[] queues = fields[4].Split(':');
                return (Hex(queues[0]), Hex(queues[1]));
            }
        }
        return null;
    }

    private static int Port(string address) => (int)Hex(address[(address.IndexOf(':') + 1)..]);

    private static long Hex(string digits) => long.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
