using System.Text.RegularExpressions;

namespace Layers.Bench.LoadDriver;

/// <summary>One wrk run's summary, from <c>bench/load/report.lua</c>.</summary>
internal sealed record WrkResult(long Requests, double Seconds, long Bytes, double P50Ms, double P99Ms, long StatusErrors, long SocketErrors)
{
    public double RequestsPerSecond => Requests / Seconds;

    public double BytesPerResponse => Requests == 0 ? 0 : (double)Bytes / Requests;
}

/// <summary>Runs wrk pinned to its own core: one thread, keep-alive connections, fixed headers.</summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(LoadOptions options, string url, IReadOnlyList<string> headers, int seconds)
    {
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])["-c", options.WrkCpu, "wrk", "-t1", $"-c{options.Connections}", $"-d{seconds}s", "--timeout", "5s", "-s", options.ReportLua])
        {
            start.ArgumentList.Add(argument);
        }
        foreach (string header in headers)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }
        start.ArgumentList.Add(url);
        using var wrk = Process.Start(start)!;
        var stderr = wrk.StandardError.ReadToEndAsync();
        string output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var match = Summary().Match(output);
        if (wrk.ExitCode != 0 || !match.Success)
        {
            throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {output}{await stderr}");
        }
        long Field(string name) => long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        return new WrkResult(Field("requests"), Field("duration") / 1e6, Field("bytes"), Field("p50") / 1e3, Field("p99") / 1e3,
            Field("status"), Field("socket"));
    }

    [GeneratedRegex(@"LAYERS_WRK requests=(?<requests>\d+) duration_us=(?<duration>\d+) bytes=(?<bytes>\d+) p50_us=(?<p50>\d+) p99_us=(?<p99>\d+) status_errors=(?<status>\d+) socket_errors=(?<socket>\d+)")]
    private static partial Regex Summary();
}
