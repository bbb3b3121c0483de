using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Layers.EdgeCatalog.Tests;

/// <summary>docs/contract/edge.md TLS against the published AOT binary: HTTPS beside HTTP, ALPN, renewal from the files, bad input.</summary>
public class TlsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Https_speaks_tls12_and_tls13_and_http2_and_http11_by_alpn_beside_plain_http_with_the_same_bytes()
    {
        using var tls = await TlsEdge.StartAsync();
        foreach (var version in new[] { SslProtocols.Tls12, SslProtocols.Tls13 })
        {
            var (thumbprint, protocol, negotiated) = await TestCertificate.HandshakeAsync(tls.HttpsPort, version);
            Assert.Equal(tls.First.Thumbprint, thumbprint);
            Assert.Equal(SslApplicationProtocol.Http2, protocol);
            Assert.Equal(version, negotiated);
        }

        var (status, etag, plain) = await tls.Setup.GetAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            using var client = tls.HttpsClient(version);
            using var response = await client.SendAsync(TlsEdge.Exact(client, tls.Setup.Request()));
            Assert.Equal(version, response.Version);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(etag, response.Headers.ETag?.Tag);
            Assert.Equal(plain, await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task The_fast_lane_answers_plain_http_only_and_tls_connections_take_kestrels_pipeline()
    {
        using var tls = await TlsEdge.StartAsync();
        double before = await tls.Edge.MetricAsync("layers_fast_lane_requests_total");
        double handoffs = await tls.Edge.MetricAsync("layers_fast_lane_handoffs_total");
        using (var client = tls.HttpsClient(HttpVersion.Version11))
        {
            for (int i = 0; i < 3; i++)
            {
                using var response = await client.SendAsync(tls.Setup.Request());
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        Assert.Equal(before, await tls.Edge.MetricAsync("layers_fast_lane_requests_total"));
        Assert.Equal(handoffs, await tls.Edge.MetricAsync("layers_fast_lane_handoffs_total"));

        // The lane is still in front of the plain-HTTP endpoint (on a new connection: the edge's own client's went to
        // Kestrel's pipeline for good at its first /readyz).
        using (var plain = new HttpClient { BaseAddress = tls.Edge.BaseAddress })
        using (var response = await plain.SendAsync(tls.Setup.Request()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(before + 1, await tls.Edge.MetricAsync("layers_fast_lane_requests_total"));
    }

    [Fact]
    public async Task Http_to_the_https_port_and_tls_to_the_http_port_are_closed_without_an_answer()
    {
        using var tls = await TlsEdge.StartAsync();

        // The request the fast lane would answer, in plain text, on the TLS port: no HTTP answer, the connection closes.
        string request = $"GET /v1/tiktok-music HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {tls.Setup.Key}\r\n\r\n";
        var (reply, closed) = await SendAndReadToCloseAsync(tls.HttpsPort, Encoding.ASCII.GetBytes(request));
        Assert.DoesNotContain("HTTP/", Encoding.ASCII.GetString(reply), StringComparison.Ordinal);
        Assert.True(closed, "the connection stayed open");

        // A TLS client on the HTTP port: its handshake fails, nothing else happens.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, tls.Edge.BaseAddress.Port);
            await using var stream = new SslStream(tcp.GetStream());
            var handshake = stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", RemoteCertificateValidationCallback = (_, _, _, _) => true });
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => handshake.WaitAsync(Patience));
            Assert.True(failure is AuthenticationException or IOException, failure.ToString());
        }

        Assert.False(tls.Edge.HasExited);
        Assert.Equal(HttpStatusCode.OK, (await tls.Setup.GetAsync()).Status);
        using var client = tls.HttpsClient(HttpVersion.Version20);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_renewed_certificate_is_served_from_the_files_without_a_restart()
    {
        using var tls = await TlsEdge.StartAsync();
        var renewed = TestCertificate.Create();
        renewed.WriteTo(tls.CertificatePath, tls.KeyPath);

        await tls.Edge.WaitUntilAsync(async () => (await TestCertificate.HandshakeAsync(tls.HttpsPort)).Thumbprint == renewed.Thumbprint, Patience);
        Assert.Equal(1, await tls.Edge.MetricAsync("layers_tls_certificate_reloads_total"));
        Assert.Equal(0, await tls.Edge.MetricAsync("layers_tls_certificate_refused_total"));
        Assert.Contains(renewed.Thumbprint, tls.Edge.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_renewal_is_logged_and_counted_once_while_the_certificate_in_force_keeps_serving()
    {
        using var tls = await TlsEdge.StartAsync();
        var other = TestCertificate.Create();

        // Garbage in place of the certificate.
        TestCertificate.Replace(tls.CertificatePath, "this is not a certificate\n");
        await WaitForRefusalsAsync(tls, 1);
        // A certificate whose key is not the key file's.
        TestCertificate.Replace(tls.CertificatePath, other.CertificatePem);
        await WaitForRefusalsAsync(tls, 2);
        // The key file removed.
        File.Delete(tls.KeyPath);
        await WaitForRefusalsAsync(tls, 3);

        // Each bad state is counted once, however many looks at the files see it: five more add nothing.
        double checks = await tls.Edge.MetricAsync("layers_tls_certificate_checks_total");
        await tls.Edge.WaitUntilAsync(async () => await tls.Edge.MetricAsync("layers_tls_certificate_checks_total") >= checks + 5, Patience, "five more looks at the certificate files");
        Assert.Equal(3, await tls.Edge.MetricAsync("layers_tls_certificate_refused_total"));
        Assert.Equal(0, await tls.Edge.MetricAsync("layers_tls_certificate_reloads_total"));
        Assert.Equal(3, tls.Edge.Output.Split('\n').Count(line => line.Contains("TLS certificate renewal refused", StringComparison.Ordinal)));

        // A good renewal after the bad ones is taken.
        var good = TestCertificate.Create();
        good.WriteTo(tls.CertificatePath, tls.KeyPath);
        await tls.Edge.WaitUntilAsync(async () => (await TestCertificate.HandshakeAsync(tls.HttpsPort)).Thumbprint == good.Thumbprint, Patience);
        Assert.Equal(1, await tls.Edge.MetricAsync("layers_tls_certificate_reloads_total"));
        foreach (var key in new[] { tls.First, other, good })
        {
            Assert.DoesNotContain(key.KeyPem.Split('\n')[1], tls.Edge.Output, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string, string> BadStarts => new()
    {
        // urls, which TLS files (cert/key: good, garbage, other, missing, none), what the error names
        { "https://127.0.0.1:0", "none", "an https:// URL needs LAYERS_TLS_CERT and LAYERS_TLS_KEY" },
        { "http://127.0.0.1:0;https://127.0.0.1:0", "cert-only", "needs both LAYERS_TLS_CERT and LAYERS_TLS_KEY" },
        { "http://127.0.0.1:0", "good", "no URL is https://" },
        { "https://127.0.0.1:0", "garbage-cert", "are not a PEM certificate and its private key" },
        { "https://127.0.0.1:0", "garbage-key", "are not a PEM certificate and its private key" },
        { "https://127.0.0.1:0", "other-key", "are not a PEM certificate and its private key" },
        { "https://127.0.0.1:0", "missing-key", "LAYERS_TLS_KEY" },
        { "ftp://127.0.0.1:0", "none", "neither http:// nor https://" },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task A_bad_tls_configuration_stops_the_start_with_exit_2_and_says_why(string urls, string files, string error)
    {
        using var dir = new TempDirectory();
        var certificate = TestCertificate.Create();
        string cert = dir.Combine("tls.crt"), key = dir.Combine("tls.key");
        certificate.WriteTo(cert, key);
        switch (files)
        {
            case "garbage-cert": File.WriteAllText(cert, "garbage"); break;
            case "garbage-key": File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\nZ2FyYmFnZQ==\n-----END PRIVATE KEY-----\n"); break;
            case "other-key": File.WriteAllText(key, TestCertificate.Create().KeyPem); break;
            case "missing-key": File.Delete(key); break;
        }
        var env = new Dictionary<string, string?>
        {
            ["LAYERS_STORE"] = dir.Combine("store"),
            ["LAYERS_TLS_CERT"] = files is "none" ? null : cert,
            ["LAYERS_TLS_KEY"] = files is "none" or "cert-only" ? null : key,
            ["ASPNETCORE_URLS"] = null,
        };
        using var edge = new ChildProcess(await EdgeServer.EnsureBinaryAsync(), ["--urls", urls], env);
        Assert.Equal(2, await edge.WaitForExitAsync(Patience));
        Assert.Contains(error, edge.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(certificate.KeyPem.Split('\n')[1], edge.Output, StringComparison.Ordinal);
    }

    private static async Task WaitForRefusalsAsync(TlsEdge tls, int count)
    {
        await tls.Edge.WaitUntilAsync(async () => await tls.Edge.MetricAsync("layers_tls_certificate_refused_total") >= count, Patience);
        Assert.Equal(tls.First.Thumbprint, (await TestCertificate.HandshakeAsync(tls.HttpsPort)).Thumbprint);
        using var client = tls.HttpsClient(HttpVersion.Version20);
        using var response = await client.SendAsync(TlsEdge.Exact(client, tls.Setup.Request()));
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Sends <paramref name="bytes"/> and reads until the server closes (a reset counts as closed) or the patience runs out.</summary>
    private static async Task<(byte[] Received, bool Closed)> SendAndReadToCloseAsync(int port, byte[] bytes)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync(bytes);
        using var timeout = new CancellationTokenSource(Patience);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        catch (OperationCanceledException)
        {
            return (received.ToArray(), false);
        }
        return (received.ToArray(), true);
    }
}
