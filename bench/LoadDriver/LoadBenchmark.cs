using System.Security.Cryptography;

namespace Layers.Bench.LoadDriver;

/// <summary>
/// The load benchmark (bench/load/run.sh): the edge, nginx and the naive app, started side by side on the
/// server core, driven by wrk from the other core with the same requests, scenario by scenario, repeats
/// interleaved so that drift on a noisy machine hits all three alike. Prints Markdown for bench/RESULTS.md.
/// </summary>
internal static class LoadBenchmark
{
    private sealed record Scenario(string Id, string Name, HttpStatusCode Status, string? AcceptEncoding, bool ValidKey, bool Conditional, bool Close = false);

    private sealed record Sample(WrkResult Wrk, double CpuShare, double WrkCoreBusy, double? AllocatedPerRequest, double RssMiB);

    private static readonly Scenario[] Scenarios =
    [
        new("gzip", "200 gzip", HttpStatusCode.OK, "gzip", ValidKey: true, Conditional: false),
        new("br", "200 br", HttpStatusCode.OK, "br", ValidKey: true, Conditional: false),
        new("identity", "200 identity", HttpStatusCode.OK, null, ValidKey: true, Conditional: false),
        new("304", "304 (gzip ETag)", HttpStatusCode.NotModified, "gzip", ValidKey: true, Conditional: true),
        new("401", "401 (unknown key)", HttpStatusCode.Unauthorized, "gzip", ValidKey: false, Conditional: false),
        // Connection churn: a new TCP connection per request, as from clients that do not keep connections alive.
        new("close", "200 gzip, Connection: close", HttpStatusCode.OK, "gzip", ValidKey: true, Conditional: false, Close: true),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("load: Linux only (taskset, /proc, wrk)");
            return 2;
        }
        var work = Directory.CreateTempSubdirectory("layers-load-");
        // nginx's worker drops root; it must be able to read the static files.
        work.UnixFileMode |= UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        try
        {
            return await RunAsync(LoadOptions.Parse(args, work.FullName));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<int> RunAsync(LoadOptions options)
    {
        if (options.Scenarios.Except(Scenarios.Select(s => s.Id)).FirstOrDefault() is { } unknown)
        {
            Console.Error.WriteLine($"load: unknown scenario '{unknown}'; scenarios: {string.Join(',', Scenarios.Select(s => s.Id))}");
            return 2;
        }
        string store = Path.Combine(options.WorkDir, "store");
        string staticRoot = Path.Combine(options.WorkDir, "static");
        string key = await MakeStore.CreateAsync(store, options.Tracks, staticRoot);
        string keySha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

        var certificate = BenchCertificate.Write(options.WorkDir);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = { RemoteCertificateValidationCallback = certificate.Trust },
        });
        // Only the servers asked for are started: an idle one would still share the server core.
        var known = new Dictionary<string, Func<ServerUnderTest>>
        {
            ["edge"] = () => EdgeServer.Default(options, store),
            ["edge-copy"] = () => EdgeServer.Copying(options, store),
            ["edge-baseline"] = () => EdgeServer.Baseline(options, store),
            ["edge-sockets"] = () => EdgeServer.OnSockets(options, store),
            ["edge-tls"] = () => EdgeServer.Tls(options, store, certificate),
            ["nginx"] = () => NginxServer.Plain(options, staticRoot, key),
            ["nginx-tls"] = () => NginxServer.Tls(options, staticRoot, key, certificate),
            ["naive"] = () => new NaiveServer(options, Path.Combine(staticRoot, "v1", "tiktok-music"), keySha256),
        };
        if (options.Servers.FirstOrDefault(s => !known.ContainsKey(s)) is { } unknownServer)
        {
            Console.Error.WriteLine($"load: unknown server '{unknownServer}'; servers: {string.Join(',', known.Keys)}");
            return 2;
        }
        var servers = new List<ServerUnderTest>();
        try
        {
            foreach (string name in known.Keys.Where(options.Servers.Contains))
            {
                servers.Add(known[name]());
            }
            foreach (var server in servers)
            {
                await server.WaitReadyAsync(http, key);
            }
            return await MeasureAllAsync(http, options, servers, key);
        }
        finally
        {
            servers.ForEach(s => s.Dispose());
        }
    }

    private static async Task<int> MeasureAllAsync(HttpClient http, LoadOptions options, List<ServerUnderTest> servers, string key)
    {

        var samples = new Dictionary<(string Scenario, string Server), List<Sample>>();
        for (int repeat = 0; repeat < options.Repeats; repeat++)
        {
            foreach (var scenario in Scenarios.Where(s => options.Scenarios.Contains(s.Id)))
            {
                // Every other repeat runs the servers in reverse, so neither always runs first after a scenario change.
                foreach (var server in repeat % 2 == 0 ? servers : Enumerable.Reverse(servers))
                {
                    if (scenario.AcceptEncoding == "br" && server is NginxServer && !NginxConfig.HasBrotli)
                    {
                        continue;
                    }
                    var headers = await HeadersAsync(http, server, scenario, key);
                    Console.Error.WriteLine($"load: run {repeat + 1}/{options.Repeats}, {scenario.Name}, {server.Name}");
                    var sample = await MeasureAsync(http, options, server, scenario, headers);
                    if (!samples.TryGetValue((scenario.Name, server.Name), out var list))
                    {
                        samples[(scenario.Name, server.Name)] = list = [];
                    }
                    list.Add(sample);
                }
            }
        }
        var peakRss = servers.ToDictionary(s => s.Name, s => ProcStats.MemoryMiB(s.Pids, "VmHWM"));
        Console.WriteLine(Report(options, samples, peakRss));
        return 0;
    }

    /// <summary>
    /// The scenario's request headers for this server, checked first with one real request: the status and
    /// coding must be the scenario's, so a misconfigured server cannot post a fast number for the wrong answer.
    /// </summary>
    private static async Task<string[]> HeadersAsync(HttpClient http, ServerUnderTest server, Scenario scenario, string key)
    {
        var headers = new List<string> { $"Authorization: Bearer {(scenario.ValidKey ? key : "lm_not-a-key-this-server-knows")}" };
        if (scenario.AcceptEncoding is { } coding)
        {
            headers.Add($"Accept-Encoding: {coding}");
        }
        if (scenario.Close)
        {
            headers.Add("Connection: close");
        }
        if (scenario.Conditional)
        {
            using var fresh = await SendAsync(http, server.ListUrl, headers);
            headers.Add($"If-None-Match: {fresh.Headers.ETag}");
        }
        using var probe = await SendAsync(http, server.ListUrl, headers);
        string actualCoding = string.Join(",", probe.Content.Headers.ContentEncoding);
        string expectedCoding = scenario.Status == HttpStatusCode.OK ? scenario.AcceptEncoding ?? "" : actualCoding;
        if (probe.StatusCode != scenario.Status || actualCoding != expectedCoding)
        {
            throw new InvalidOperationException(
                $"{server.Name} answered '{scenario.Name}' with {(int)probe.StatusCode} coding '{actualCoding}'; expected {(int)scenario.Status} '{expectedCoding}'");
        }
        return [.. headers];
    }

    /// <summary>One GET with the given "Name: value" headers, its body read.</summary>
    internal static async Task<HttpResponseMessage> SendAsync(HttpClient http, string url, IEnumerable<string> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (string header in headers)
        {
            int colon = header.IndexOf(':', StringComparison.Ordinal);
            request.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..].Trim());
        }
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<Sample> MeasureAsync(HttpClient http, LoadOptions options, ServerUnderTest server, Scenario scenario, string[] headers)
    {
        if (options.Warmup > 0)
        {
            await Wrk.RunAsync(options, server.ListUrl, headers, options.Warmup);
        }
        var pids = server.Pids;
        long? allocatedBefore = await server.AllocatedBytesAsync(http);
        double cpuBefore = ProcStats.CpuSeconds(pids);
        var wrkCoreBefore = ProcStats.CoreTicks(options.WrkCpu);
        var result = await Wrk.RunAsync(options, server.ListUrl, headers, options.Duration);
        var wrkCoreAfter = ProcStats.CoreTicks(options.WrkCpu);
        double cpu = ProcStats.CpuSeconds(pids) - cpuBefore;
        long? allocatedAfter = await server.AllocatedBytesAsync(http);

        // wrk counts statuses above 399 as errors: none for 200 and 304, every response for 401.
        long expectedStatusErrors = scenario.Status == HttpStatusCode.Unauthorized ? result.Requests : 0;
        if (result.SocketErrors != 0 || result.StatusErrors != expectedStatusErrors)
        {
            throw new InvalidOperationException($"{server.Name}, {scenario.Name}: {result.SocketErrors} socket errors, {result.StatusErrors} status errors of {result.Requests}");
        }
        double? perRequest = allocatedBefore is { } before && allocatedAfter is { } after ? (double)(after - before) / result.Requests : null;
        double wrkCoreBusy = (double)(wrkCoreAfter.Busy - wrkCoreBefore.Busy) / Math.Max(1, wrkCoreAfter.Total - wrkCoreBefore.Total);
        return new Sample(result, cpu / result.Seconds, wrkCoreBusy, perRequest, ProcStats.MemoryMiB(pids, "VmRSS"));
    }

    private static string Report(LoadOptions options, Dictionary<(string Scenario, string Server), List<Sample>> samples, Dictionary<string, double> peakRss)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Load: {options.Tracks} tracks; wrk -t1 -c{options.Connections} on CPU {options.WrkCpu}, server on CPU {options.ServerCpu}; " +
            $"{options.Repeats} × {options.Duration} s per cell (each after {options.Warmup} s of warm-up), interleaved; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine();
        text.AppendLine("| scenario | server | req/s median (min–max) | p50 ms | p99 ms | B/response | server CPU | server µs/response | wrk core busy | allocated B/request | RSS MiB |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var ((scenario, server), list) in samples)
        {
            var rps = list.Select(s => s.Wrk.RequestsPerSecond).Order().ToList();
            string allocated = list[0].AllocatedPerRequest is null ? "n/a" : Median(list.Select(s => s.AllocatedPerRequest!.Value)).ToString("N1", inv);
            text.AppendLine(inv, $"| {scenario} | {server} | {Median(rps):N0} ({rps[0]:N0}–{rps[^1]:N0}) | {Median(list.Select(s => s.Wrk.P50Ms)):N3} | " +
                $"{Median(list.Select(s => s.Wrk.P99Ms)):N3} | {Median(list.Select(s => s.Wrk.BytesPerResponse)):N0} | {Median(list.Select(s => s.CpuShare)):P0} | " +
                $"{Median(list.Select(s => s.CpuShare * 1e6 / s.Wrk.RequestsPerSecond)):N2} | " +
                $"{Median(list.Select(s => s.WrkCoreBusy)):P0} | " +
                $"{allocated} | {Median(list.Select(s => s.RssMiB)):N1} |");
        }
        text.AppendLine();
        // Each ratio: of the medians, then (in brackets) the lowest and highest of the repeats' own ratios, each
        // taken from cells measured back to back; that spread is the noise a single figure hides. An HTTPS server is
        // compared with the HTTPS edge, every other with the plain one.
        static string Baseline(string server) => server.EndsWith("-tls", StringComparison.Ordinal) ? "edge-tls" : "edge";
        string[] others = [.. samples.Keys.Select(k => k.Server).Distinct().Where(s => s != Baseline(s))];
        text.AppendLine($"| scenario | {string.Join(" | ", others.Select(o => $"{Baseline(o)} / {o}"))} |");
        text.AppendLine($"| --- |{string.Concat(others.Select(_ => " ---: |"))}");
        foreach (string scenario in samples.Keys.Select(k => k.Scenario).Distinct())
        {
            string Ratio(string server)
            {
                if (!samples.TryGetValue((scenario, Baseline(server)), out var edge) || !samples.TryGetValue((scenario, server), out var other))
                {
                    return "n/a";
                }
                double median = Median(edge.Select(s => s.Wrk.RequestsPerSecond)) / Median(other.Select(s => s.Wrk.RequestsPerSecond));
                var paired = edge.Zip(other, (e, o) => e.Wrk.RequestsPerSecond / o.Wrk.RequestsPerSecond).Order().ToList();
                return string.Create(inv, $"{median:N2}× ({paired[0]:N2}–{paired[^1]:N2})");
            }
            text.AppendLine(inv, $"| {scenario} | {string.Join(" | ", others.Select(Ratio))} |");
        }
        text.AppendLine();
        text.AppendLine(inv, $"Peak RSS (VmHWM) over the whole run: {string.Join(", ", peakRss.Select(p => $"{p.Key} {p.Value:N1} MiB"))}.");
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
