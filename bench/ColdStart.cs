using System.Net.Sockets;

namespace Layers.Bench;

/// <summary>
/// <c>coldstart [runs] [tracks]</c>: Native-AOT cold start, from <c>Process.Start</c> of the published edge to its
/// first authorized 200 on the list route, from a local folder store. The probe is a raw socket in this
/// process, retried every 0.2 ms: connect, one request, read the status line. No curl process per poll, so the
/// figure is the edge's, not the probe's. The edge runs in an empty working directory, as in its container.
/// </summary>
internal static class ColdStart
{
    private const int Port = 18391;
    private static readonly string Edge = Path.GetFullPath(Path.Combine("artifacts", "edge", "EdgeCatalog"));

    public static async Task<int> RunAsync(int runs, int tracks)
    {
        if (!File.Exists(Edge))
        {
            Console.Error.WriteLine($"coldstart: {Edge} is missing (bash scripts/publish-edge.sh)");
            return 2;
        }
        var work = Directory.CreateTempSubdirectory("layers-coldstart-");
        try
        {
            string store = Path.Combine(work.FullName, "store");
            string key = await MakeStore.CreateAsync(store, tracks, staticDir: null);
            byte[] request = Encoding.ASCII.GetBytes(
                $"GET /v1/tiktok-music HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
            var times = new List<double>();
            for (int run = 1; run <= runs; run++)
            {
                double ms = Measure(store, Path.Combine(work.FullName, "cache-" + run), work.FullName, request);
                times.Add(ms);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: {ms:F1} ms"));
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median {times[times.Count / 2]:F1} ms, min {times[0]:F1} ms, max {times[^1]:F1} ms over {times.Count} runs ({tracks} tracks)"));
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static double Measure(string store, string cache, string workingDirectory, byte[] request)
    {
        var start = new ProcessStartInfo(Edge, ["--urls", $"http://127.0.0.1:{Port}"])
        {
            UseShellExecute = false,
            WorkingDirectory = Directory.CreateDirectory(Path.Combine(workingDirectory, "cwd")).FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["LAYERS_STORE"] = store;
        start.Environment["LAYERS_CACHE_DIR"] = cache; // a fresh cache each run: nothing left over from the last
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (!AnswersOk(request))
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException($"the edge did not answer 200 (exited: {process.HasExited})");
                }
                Thread.Sleep(TimeSpan.FromMicroseconds(200));
            }
            return clock.Elapsed.TotalMilliseconds;
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    /// <summary>True once the edge accepts a connection and answers the request with 200.</summary>
    private static bool AnswersOk(byte[] request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IPAddress.Loopback, Port);
            socket.Send(request);
            Span<byte> status = stackalloc byte[12];
            int read = 0;
            while (read < status.Length)
            {
                int n = socket.Receive(status[read..]);
                if (n == 0)
                {
                    return false;
                }
                read += n;
            }
            return status.SequenceEqual("HTTP/1.1 200"u8);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
