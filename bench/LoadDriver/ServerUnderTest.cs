namespace Layers.Bench.LoadDriver;

/// <summary>
/// One of the three servers the load benchmark compares, started pinned to the server core and killed
/// on dispose. <see cref="AllocatedBytesAsync"/> reads the runtime's own allocation counter, where there is one.
/// </summary>
internal abstract class ServerUnderTest : IDisposable
{
    private readonly Process _process;
    private readonly string _logPath;

    protected ServerUnderTest(string name, int port, LoadOptions options, string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null,
        bool tls = false)
    {
        Name = name;
        BaseUrl = $"{(tls ? "https" : "http")}://127.0.0.1:{port}";
        _logPath = Path.Combine(options.WorkDir, name + ".log");
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        // The shell only pins and redirects; exec makes the server keep its pid.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec taskset -c \"$0\" \"$@\" >\"$LAYERS_BENCH_LOG\" 2>&1");
        start.ArgumentList.Add(options.ServerCpu);
        start.ArgumentList.Add(fileName);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["LAYERS_BENCH_LOG"] = _logPath;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        _process = Process.Start(start)!;
    }

    public string Name { get; }

    public string BaseUrl { get; }

    public string ListUrl => BaseUrl + "/v1/tiktok-music";

    public IReadOnlyList<int> Pids => ProcStats.WithChildren(_process.Id);

    public virtual Task<long?> AllocatedBytesAsync(HttpClient http) => Task.FromResult<long?>(null);

    /// <summary>Waits until the server answers the list route with the expected key.</summary>
    public async Task WaitReadyAsync(HttpClient http, string key)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}: {File.ReadAllText(_logPath)}");
            }
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, ListUrl);
                request.Headers.Authorization = new("Bearer", key);
                using var response = await http.SendAsync(request);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not become ready: {File.ReadAllText(_logPath)}");
            }
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    protected static long? ParseLong(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : null;
}

/// <summary>
/// (a) The published Native-AOT edge, on its production defaults, from a local folder store; or a variant of it with
/// one switch changed, to show in the same run what that switch is worth: "edge-copy" (<c>LAYERS_SENDFILE=off</c>)
/// and "edge-sockets" (<c>LAYERS_TRANSPORT=sockets</c>, Kestrel's socket transport instead of the edge's own); or
/// "edge-tls", HTTPS only, terminating TLS itself (its requests take Kestrel's pipeline, not the fast lane); or
/// "edge-baseline", another build of the edge (<c>--baseline-edge PATH</c>, e.g. the commit before a request-path
/// change), on the same defaults, so a change is measured against what it replaces in one interleaved run.
/// </summary>
internal sealed class EdgeServer(LoadOptions options, string store, string name, int port, IReadOnlyList<(string Name, string Value)> changes, bool tls = false, string? binary = null)
    : ServerUnderTest(name, port, options, binary ?? options.EdgeBinary, ["--urls", $"{(tls ? "https" : "http")}://127.0.0.1:{port}"], Environment(options, store, name, changes), tls)
{
    public static EdgeServer Default(LoadOptions options, string store) => new(options, store, "edge", 18401, []);

    public static EdgeServer Baseline(LoadOptions options, string store) =>
        new(options, store, "edge-baseline", 18408, [], binary: options.BaselineEdge ?? throw new ArgumentException("load: --servers edge-baseline needs --baseline-edge PATH"));

    public static EdgeServer Copying(LoadOptions options, string store) => new(options, store, "edge-copy", 18404, [("LAYERS_SENDFILE", "off")]);

    public static EdgeServer OnSockets(LoadOptions options, string store) => new(options, store, "edge-sockets", 18405, [("LAYERS_TRANSPORT", "sockets")]);

    public static EdgeServer Tls(LoadOptions options, string store, BenchCertificate certificate) =>
        new(options, store, "edge-tls", 18407, [("LAYERS_TLS_CERT", certificate.CertificatePath), ("LAYERS_TLS_KEY", certificate.KeyPath)], tls: true);

    /// <summary>For the soak: polls the store every 2 s, so a published snapshot is swapped in soon after.</summary>
    public static EdgeServer Polling(LoadOptions options, string store) => new(options, store, "edge", 18406, [("LAYERS_POLL_INTERVAL", "2s")]);

    private static Dictionary<string, string> Environment(LoadOptions options, string store, string name, IReadOnlyList<(string Name, string Value)> changes)
    {
        var environment = new Dictionary<string, string>
        {
            ["LAYERS_STORE"] = store,
            ["LAYERS_CACHE_DIR"] = Path.Combine(options.WorkDir, name + "-cache"),
        };
        foreach (var (variable, value) in changes)
        {
            environment[variable] = value;
        }
        return environment;
    }

    public override async Task<long?> AllocatedBytesAsync(HttpClient http) => (long?)await MetricAsync(http, "layers_process_allocated_bytes_total");

    /// <summary>The value of an unlabelled series at /metrics; null when it is not there.</summary>
    public async Task<double?> MetricAsync(HttpClient http, string series)
    {
        string metrics = await http.GetStringAsync(BaseUrl + "/metrics");
        string? line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// (b) nginx serving the snapshot's own list bodies as static files: gzip_static, brotli_static, ETag, a bearer check;
/// "nginx-tls" the same over HTTPS with the edge-tls certificate.
/// </summary>
internal sealed class NginxServer(LoadOptions options, string name, int port, string config, bool tls = false) : ServerUnderTest(name, port, options, options.Nginx,
    ["-p", options.WorkDir, "-c", config, "-e", Path.Combine(options.WorkDir, name + "-error.log")], tls: tls)
{
    public static NginxServer Plain(LoadOptions options, string staticRoot, string key) =>
        new(options, "nginx", 18402, NginxConfig.Write(options, "nginx", 18402, staticRoot, key, null));

    public static NginxServer Tls(LoadOptions options, string staticRoot, string key, BenchCertificate certificate) =>
        new(options, "nginx-tls", 18408, NginxConfig.Write(options, "nginx-tls", 18408, staticRoot, key, certificate), tls: true);
}

/// <summary>(c) The naive ASP.NET Core app (bench/load/NaiveServer): serializes and compresses per request.</summary>
internal sealed class NaiveServer(LoadOptions options, string tracksJson, string keySha256) : ServerUnderTest("naive", 18403, options, "dotnet",
    [options.NaiveDll, "--tracks", tracksJson, "--key-sha256", keySha256, "--urls", "http://127.0.0.1:18403"])
{
    public override async Task<long?> AllocatedBytesAsync(HttpClient http) => ParseLong(await http.GetStringAsync(BaseUrl + "/allocated-bytes"));
}
