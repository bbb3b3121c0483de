using System.Globalization;

namespace Layers.TestSupport;

/// <summary>What the kernel holds for one IPv4 TCP connection on this machine (Linux, /proc/net/tcp): how a test waits for socket buffers to fill instead of sleeping.</summary>
public static class TcpQueues
{
    /// <summary>Bytes queued to send by the socket bound to <paramref name="localPort"/> and connected to <paramref name="remotePort"/>; null when there is no such socket.</summary>
    public static long? SendQueueBytes(int localPort, int remotePort)
    {
        foreach (string line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue ...
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 4 && Port(fields[1]) == localPort && Port(fields[2]) == remotePort)
            {
                return long.Parse(fields[4].Split(':')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    private static int Port(string address) => int.Parse(address[(address.IndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
