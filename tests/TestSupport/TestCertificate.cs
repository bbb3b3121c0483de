using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Layers.TestSupport;

/// <summary>
/// A self-signed server certificate for localhost / 127.0.0.1 made by the test (ECDSA P-256), written as the PEM
/// files the edge reads (<c>LAYERS_TLS_CERT</c>, <c>LAYERS_TLS_KEY</c>).
/// </summary>
public sealed class TestCertificate
{
    private TestCertificate(string certificatePem, string keyPem, string thumbprint)
    {
        CertificatePem = certificatePem;
        KeyPem = keyPem;
        Thumbprint = thumbprint;
    }

    public string CertificatePem { get; }

    public string KeyPem { get; }

    public string Thumbprint { get; }

    public static TestCertificate Create(string commonName = "localhost")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return new TestCertificate(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), certificate.Thumbprint);
    }

    /// <summary>Writes both files as a renewal tool does: each to a temporary name, then renamed over the old one.</summary>
    public void WriteTo(string certificatePath, string keyPath)
    {
        Replace(keyPath, KeyPem);
        Replace(certificatePath, CertificatePem);
    }

    public static void Replace(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Completes a TLS handshake with the server on 127.0.0.1:<paramref name="port"/>, offering h2 and http/1.1.</summary>
    /// <returns>The thumbprint of the certificate it presented, the protocol ALPN chose and the TLS version.</returns>
    public static async Task<(string Thumbprint, SslApplicationProtocol Protocol, SslProtocols Version)> HandshakeAsync(int port, SslProtocols versions = SslProtocols.None)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = versions,
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, _, _, _) => true, // the caller checks which certificate it was
        });
        return (tls.RemoteCertificate!.GetCertHashString(), tls.NegotiatedApplicationProtocol, tls.SslProtocol);
    }

    /// <summary>A validation callback that trusts exactly this certificate.</summary>
    public bool Trusts(X509Certificate? presented) =>
        presented is not null && string.Equals(presented.GetCertHashString(), Thumbprint, StringComparison.OrdinalIgnoreCase);
}
