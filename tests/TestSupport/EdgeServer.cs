using System.Net;
using System.Text.RegularExpressions;

namespace Layers.TestSupport;

/// <summary>
/// The published Native-AOT EdgeCatalog binary, run as a real process on 127.0.0.1 on a free port.
/// The binary is <c>$LAYERS_EDGE_BINARY</c>, else <c>artifacts/edge/EdgeCatalog</c> (what scripts/test.sh
/// and CI publish), never one older than its sources (see <see cref="EnsureBinaryAsync"/>).
/// </summary>
public sealed partial class EdgeServer : IDisposable
{
    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private readonly ChildProcess _process;

    // Its own connection: a /metrics request hands a connection to Kestrel's pipeline for good, and the
    // tests' requests on Client should keep the fast lane's.
    private readonly HttpClient _metrics;

    private EdgeServer(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        // No automatic decompression: the tests check the bytes and headers the edge really sends.
        Client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _metrics = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public ChildProcess Process => _process;

    /// <summary>How many of the process's open descriptors point at a path starting with <paramref name="targetPrefix"/> (Linux).</summary>
    public int OpenFiles(string targetPrefix) =>
        new DirectoryInfo($"/proc/{_process.Id}/fd").EnumerateFileSystemInfos()
            .Count(fd => fd.LinkTarget?.StartsWith(targetPrefix, StringComparison.Ordinal) == true);

    /// <summary>The names of the process's threads (Linux).</summary>
    public IReadOnlyList<string> ThreadNames() =>
        [.. new DirectoryInfo($"/proc/{_process.Id}/task").EnumerateDirectories().Select(task => File.ReadAllText(Path.Combine(task.FullName, "comm")).Trim())];

    /// <summary>The value of one series on /metrics (e.g. <c>layers_snapshot_refused_total{reason="too_large"}</c>), 0 when absent.</summary>
    public async Task<double> MetricAsync(string series)
    {
        string text = await _metrics.GetStringAsync("/metrics");
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    /// <param name="urls">What <c>--urls</c> gets; by default <c>http://127.0.0.1:{port}</c>. <see cref="BaseAddress"/> is the first http:// one.</param>
    public static async Task<EdgeServer> StartAsync(string store, IReadOnlyDictionary<string, string?>? environment = null, bool waitUntilReady = true, int port = 0, string? urls = null)
    {
        string binary = await EnsureBinaryAsync();
        var env = new Dictionary<string, string?>
        {
            ["LAYERS_STORE"] = store,
            ["LAYERS_POLL_INTERVAL"] = "500ms",
            // Each server its own last-known-good cache unless a test shares one on purpose.
            ["LAYERS_CACHE_DIR"] = Path.Combine(Path.GetTempPath(), "layers-test-cache-" + Guid.NewGuid().ToString("N")[..12]),
            ["ASPNETCORE_URLS"] = null,
            ["DOTNET_ENVIRONMENT"] = null,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }
        var process = new ChildProcess(binary, ["--urls", urls ?? $"http://127.0.0.1:{port}"], env);
        try
        {
            var listening = await process.WaitForLineAsync(ListeningLine(), TimeSpan.FromSeconds(30));
            var server = new EdgeServer(process, new Uri(listening.Groups[1].Value));
            if (waitUntilReady)
            {
                await server.WaitUntilAsync(async () => (await server.Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "/readyz to answer 200");
            }
            return server;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails at once, with the edge's output, if the edge exits meanwhile.</summary>
    public Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what = "the condition") =>
        Eventually.WaitUntilAsync(
            async () => await condition() || (HasExited ? throw new InvalidOperationException($"edge exited with {_process.ExitCode} while waiting for {what}:\n{Output}") : false),
            timeout, what, () => $"edge output:\n{Output}");

    /// <summary>
    /// The binary to run, never one older than its sources (<see cref="EdgeBinary"/>): the default one is
    /// (re)published when it is missing or stale, under a lock other test processes respect too; a configured one
    /// (<c>LAYERS_EDGE_BINARY</c>) that is stale fails every edge test, saying why.
    /// </summary>
    public static async Task<string> EnsureBinaryAsync()
    {
        string? configured = Environment.GetEnvironmentVariable("LAYERS_EDGE_BINARY") is { Length: > 0 } path ? path : null;
        string binary = configured ?? Path.Combine(RepoPaths.Root, "artifacts", "edge", "EdgeCatalog");
        await PublishLock.WaitAsync();
        try
        {
            if (EdgeBinary.Staleness(binary, RepoPaths.Root) is not { } stale)
            {
                return binary;
            }
            if (configured is not null)
            {
                throw new InvalidOperationException($"LAYERS_EDGE_BINARY will not be tested: {stale}; publish it again (scripts/publish-edge.sh)");
            }
            using var processes = await AcquirePublishFileLockAsync();
            if (EdgeBinary.Staleness(binary, RepoPaths.Root) is not null) // another test process may have published it meanwhile
            {
                await PublishAsync(binary, stale);
            }
            return binary;
        }
        finally
        {
            PublishLock.Release();
        }
    }

    private static async Task PublishAsync(string binary, string why)
    {
        var started = DateTime.UtcNow;
        using var publish = new ChildProcess("bash", [Path.Combine(RepoPaths.Root, "scripts", "publish-edge.sh")]);
        int exit = await publish.WaitForExitAsync(TimeSpan.FromMinutes(15));
        if (exit != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"publishing the AOT edge ({why}) failed ({exit}):\n{publish.Output}");
        }
        // The publish built from the sources as they were when it started; an incremental publish may leave an
        // unchanged binary's time alone, so it is stamped with that start.
        if (File.GetLastWriteTimeUtc(binary) < started)
        {
            File.SetLastWriteTimeUtc(binary, started);
        }
    }

    /// <summary>One publish at a time across test processes (test assemblies run in parallel).</summary>
    private static async Task<FileStream> AcquirePublishFileLockAsync()
    {
        string path = Path.Combine(RepoPaths.Root, "artifacts", "edge-publish.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(20);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        _metrics.Dispose();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
