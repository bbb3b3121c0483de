using System.Text.RegularExpressions;
using Layers.Catalog.Stores;
using Xunit;

namespace Layers.TestSupport;

/// <summary>
/// A real S3-compatible server on 127.0.0.1 for a test class: the npm package s3rver, wrapped by
/// tests/s3rver/server.js to honour conditional writes as R2 does. Started by the fixture, killed after.
/// Each test takes its own prefix, so tests sharing the server never see each other's objects.
/// </summary>
public sealed partial class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "layers-test";
    private readonly TempDirectory _data = new();
    private ChildProcess? _server;

    public string Endpoint { get; private set; } = "";

    /// <summary>The environment an s3:// store needs to reach this server (docs/contract/store.md variable names).</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["LAYERS_S3_ENDPOINT"] = Endpoint,
        ["LAYERS_S3_REGION"] = "auto",
        ["AWS_ACCESS_KEY_ID"] = "S3RVER", // s3rver checks the access key id, not the secret
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
    };

    public async Task InitializeAsync()
    {
        string serverDir = Path.Combine(RepoPaths.Root, "tests", "s3rver");
        if (!Directory.Exists(Path.Combine(serverDir, "node_modules", "s3rver")))
        {
            throw new InvalidOperationException($"s3rver is not installed: run 'npm ci' in {serverDir} (the README's test command does)");
        }
        _server = new ChildProcess("node", ["--openssl-legacy-provider", Path.Combine(serverDir, "server.js"), _data.Path, Bucket], workingDirectory: serverDir);
        var listening = await _server.WaitForLineAsync(ListeningLine(), TimeSpan.FromSeconds(30));
        Endpoint = $"http://127.0.0.1:{listening.Groups[1].Value}";
    }

    /// <summary>A fresh, empty store URI on this server.</summary>
    public string NewStoreUri() => $"s3://{Bucket}/t-{Guid.NewGuid():N}";

    public IObjectStore OpenStore(string uri) => ObjectStores.Open(uri, name => Environment.GetValueOrDefault(name));

    public Task DisposeAsync()
    {
        _server?.Dispose();
        _data.Dispose();
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"S3rver listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
