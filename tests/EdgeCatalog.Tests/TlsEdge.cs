using System.Text.RegularExpressions;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// The published AOT edge serving a test store over plain HTTP (<see cref="EdgeServer.BaseAddress"/>) and HTTPS
/// (<see cref="HttpsPort"/>) side by side, with a certificate the test made, in PEM files the test may replace.
/// </summary>
public sealed partial class TlsEdge : IDisposable
{
    private TlsEdge(EdgeWithStore setup, TestCertificate first, int httpsPort)
    {
        Setup = setup;
        First = first;
        HttpsPort = httpsPort;
    }

    public EdgeWithStore Setup { get; }

    public EdgeServer Edge => Setup.Edge;

    public TestCertificate First { get; }

    public int HttpsPort { get; }

    public Uri HttpsAddress => new($"https://localhost:{HttpsPort}");

    public string CertificatePath => CertificatePathIn(Setup);

    public string KeyPath => KeyPathIn(Setup);

    public static async Task<TlsEdge> StartAsync()
    {
        var setup = new EdgeWithStore();
        try
        {
            var first = TestCertificate.Create();
            first.WriteTo(CertificatePathIn(setup), KeyPathIn(setup));
            await setup.StartAsync(environment: new Dictionary<string, string?>
            {
                ["LAYERS_TLS_CERT"] = CertificatePathIn(setup),
                ["LAYERS_TLS_KEY"] = KeyPathIn(setup),
            }, urls: "http://127.0.0.1:0;https://127.0.0.1:0");
            var https = await setup.Edge.Process.WaitForLineAsync(HttpsListeningLine(), TimeSpan.FromSeconds(30));
            return new TlsEdge(setup, first, int.Parse(https.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch
        {
            setup.Dispose();
            throw;
        }
    }

    /// <summary>A client of the HTTPS port that speaks exactly <paramref name="version"/> and trusts only the first certificate.</summary>
    public HttpClient HttpsClient(Version version) =>
        new(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => First.Trusts(certificate) },
        })
        {
            BaseAddress = HttpsAddress,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>The request in the client's HTTP version, exactly (a request message otherwise keeps its own, 1.1).</summary>
    public static HttpRequestMessage Exact(HttpClient client, HttpRequestMessage request)
    {
        request.Version = client.DefaultRequestVersion;
        request.VersionPolicy = client.DefaultVersionPolicy;
        return request;
    }

    public void Dispose() => Setup.Dispose();

    private static string CertificatePathIn(EdgeWithStore setup) => setup.Dir.Combine("tls.crt");

    private static string KeyPathIn(EdgeWithStore setup) => setup.Dir.Combine("tls.key");

    [GeneratedRegex(@"Now listening on: https://127\.0\.0\.1:(\d+)")]
    private static partial Regex HttpsListeningLine();
}
