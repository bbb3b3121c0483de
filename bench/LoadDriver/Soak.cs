namespace Layers.Bench.LoadDriver;

/// <summary>
/// The soak (bench/load/soak.sh): the published edge on every core — so every epoll loop serves — under five
/// concurrent wrk streams for minutes (keep-alive 200 gzip, 304, 200 identity, 401, and connection churn with
/// <c>Connection: close</c>), while a new snapshot is published every <c>--swap-every</c> seconds. Samples RSS,
/// descriptors, threads and the GC heap as it goes; fails on any socket error, any unexpected status, a swap not
/// taken, a descriptor count that does not come back, or a node that stops answering. Bounded: 127.0.0.1 only,
/// <c>--duration</c> seconds of load plus a few.
/// </summary>
internal static class Soak
{
    private sealed record Stream(string Name, int Connections, string[] Headers, bool Refused = false);

    /// <summary>The node at one moment; the GC heap is read from /metrics while the load runs.</summary>
    private sealed record Sample(double Minute, double RssMiB, int Descriptors, int Threads, double? HeapMiB = null)
    {
        public static Sample Of(int pid, double minute, double? heapMiB = null) => new(minute, ProcStats.MemoryMiB([pid], "VmRSS"),
            Directory.GetFiles($"/proc/{pid}/fd").Length,
            int.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal)).Split('\t')[1], CultureInfo.InvariantCulture),
            heapMiB);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var values = new Dictionary<string, string> { ["--duration"] = "600", ["--tracks"] = "1000", ["--swap-every"] = "60" };
        try
        {
            LoadOptions.Flags("soak", args, values);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        int seconds = int.Parse(values["--duration"], CultureInfo.InvariantCulture);
        int swapEvery = int.Parse(values["--swap-every"], CultureInfo.InvariantCulture);
        var work = Directory.CreateTempSubdirectory("layers-soak-");
        try
        {
            string allCores = $"0-{Environment.ProcessorCount - 1}";
            var options = LoadOptions.Parse(["--tracks", values["--tracks"], "--server-cpu", allCores, "--wrk-cpu", allCores], work.FullName);
            return await RunAsync(options, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(swapEvery));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<int> RunAsync(LoadOptions options, TimeSpan duration, TimeSpan swapEvery)
    {
        string storeDir = Path.Combine(options.WorkDir, "store");
        string key = await MakeStore.CreateAsync(storeDir, options.Tracks, staticDir: null);
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None });
        using var edge = EdgeServer.Polling(options, storeDir);
        await edge.WaitReadyAsync(http, key);
        int pid = edge.Pids[0];
        string auth = $"Authorization: Bearer {key}";
        string etag = (await LoadBenchmark.SendAsync(http, edge.ListUrl, [auth, "Accept-Encoding: gzip"])).Headers.ETag!.ToString();
        Stream[] streams =
        [
            new("200 gzip, keep-alive", 32, [auth, "Accept-Encoding: gzip"]),
            new("304 (first snapshot's ETag; 200 after a swap)", 16, [auth, "Accept-Encoding: gzip", $"If-None-Match: {etag}"]),
            new("200 identity, keep-alive", 4, [auth]),
            new("401", 4, ["Authorization: Bearer lm_not-a-key-this-server-knows", "Accept-Encoding: gzip"], Refused: true),
            new("200 gzip, Connection: close", 8, [auth, "Accept-Encoding: gzip", "Connection: close"]),
        ];
        var before = Sample.Of(pid, 0);
        double swapsBefore = await edge.MetricAsync(http, "layers_snapshot_swaps_total") ?? 0;
        Console.Error.WriteLine($"soak: {duration.TotalSeconds} s, {streams.Length} wrk streams on {options.WrkCpu}, edge on {options.ServerCpu}");

        var running = streams.Select(s => Wrk.RunAsync(options with { Connections = s.Connections }, edge.ListUrl, s.Headers, (int)duration.TotalSeconds)).ToList();
        var samples = new List<Sample>();
        var started = DateTime.UtcNow;
        int published = 0;
        using (var store = new FileObjectStore(storeDir, create: true))
        {
            while (DateTime.UtcNow - started < duration - TimeSpan.FromSeconds(5))
            {
                await Task.Delay(swapEvery);
                await PublishAsync(store, options.Tracks, ++published);
                var sample = Sample.Of(pid, (DateTime.UtcNow - started).TotalMinutes, await edge.MetricAsync(http, "layers_process_gc_heap_bytes") / (1 << 20));
                samples.Add(sample);
                Console.Error.WriteLine($"soak: {sample}");
            }
        }
        var results = await Task.WhenAll(running);
        await Task.Delay(TimeSpan.FromSeconds(5)); // closed connections' descriptors are released
        var after = Sample.Of(pid, (DateTime.UtcNow - started).TotalMinutes);
        double swaps = (await edge.MetricAsync(http, "layers_snapshot_swaps_total") ?? 0) - swapsBefore;
        using var last = await LoadBenchmark.SendAsync(http, edge.ListUrl, [auth, "Accept-Encoding: gzip"]);

        var problems = new List<string>();
        for (int i = 0; i < streams.Length; i++)
        {
            long expectedStatusErrors = streams[i].Refused ? results[i].Requests : 0;
            if (results[i].SocketErrors != 0 || results[i].StatusErrors != expectedStatusErrors || results[i].Requests == 0)
            {
                problems.Add($"{streams[i].Name}: {results[i].Requests} requests, {results[i].SocketErrors} socket errors, {results[i].StatusErrors} status errors");
            }
        }
        if (swaps < published)
        {
            problems.Add($"{published} snapshots published, {swaps} swapped in");
        }
        if (after.Descriptors > before.Descriptors + 8)
        {
            problems.Add($"descriptors: {before.Descriptors} before the load, {after.Descriptors} after it");
        }
        if (last.StatusCode != HttpStatusCode.OK)
        {
            problems.Add($"the list answered {(int)last.StatusCode} after the soak");
        }
        Console.WriteLine(Report(options, duration, swapEvery, streams, results, before, samples, after, ProcStats.MemoryMiB([pid], "VmHWM"), published, swaps, problems));
        return problems.Count == 0 ? 0 : 1;
    }

    // A new version of the catalog, announced over the one before it: the edge polls the store and swaps it in.
    private static async Task PublishAsync(FileObjectStore store, int tracks, int number)
    {
        string version = $"soak-{number}";
        var written = SnapshotWriter.Write(version, DateTimeOffset.UtcNow, BenchData.Tracks(tracks + number));
        var manifest = new Manifest(1, version, StoreKeys.Snapshot(version), written.BlobSha256, written.Blob.Length, written.TrackCount, DateTimeOffset.UtcNow);
        var publisher = new SnapshotPublisher(store);
        if (!await publisher.PublishAsync(written, manifest, await publisher.ReadCurrentAsync()))
        {
            throw new InvalidOperationException($"soak: publishing {version} lost a race nobody else runs");
        }
    }

    private static string Report(LoadOptions options, TimeSpan duration, TimeSpan swapEvery, Stream[] streams, WrkResult[] results,
        Sample before, List<Sample> samples, Sample after, double peakRss, int published, double swaps, List<string> problems)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"Soak: {options.Tracks} tracks; {duration.TotalSeconds:N0} s; edge and wrk on CPUs {options.WrkCpu} ({Environment.ProcessorCount} epoll loops); " +
            $"a snapshot published every {swapEvery.TotalSeconds:N0} s; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine();
        text.AppendLine("| stream | connections | requests | req/s | p99 ms | socket errors | status ≥ 400 |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int i = 0; i < streams.Length; i++)
        {
            var r = results[i];
            text.AppendLine(inv, $"| {streams[i].Name} | {streams[i].Connections} | {r.Requests:N0} | {r.RequestsPerSecond:N0} | {r.P99Ms:N2} | {r.SocketErrors} | {r.StatusErrors:N0} |");
        }
        text.AppendLine();
        text.AppendLine("| minute | RSS MiB | descriptors | threads | GC heap MiB |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
        string Row(string minute, Sample s) => string.Create(inv, $"| {minute} | {s.RssMiB:N1} | {s.Descriptors} | {s.Threads} | {s.HeapMiB:N1} |");
        text.AppendLine(Row("before", before));
        foreach (var sample in samples)
        {
            text.AppendLine(Row(sample.Minute.ToString("N1", inv), sample));
        }
        text.AppendLine(Row("after (idle 5 s)", after));
        text.AppendLine();
        text.AppendLine(inv, $"Snapshots published {published}, swapped in {swaps}. Peak RSS (VmHWM) {peakRss:N1} MiB.");
        text.AppendLine(problems.Count == 0 ? "No problems." : "PROBLEMS: " + string.Join("; ", problems));
        return text.ToString();
    }
}
