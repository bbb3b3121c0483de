using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Layers.Bench.LoadDriver;

/// <summary>
/// The certificate both HTTPS servers of the load benchmark present (edge-tls, nginx-tls): ECDSA P-256, self-signed
/// for 127.0.0.1, written as PEM files — the same files, so both do the same handshake work.
/// </summary>
internal sealed record BenchCertificate(string CertificatePath, string KeyPath, string Thumbprint)
{
    public static BenchCertificate Write(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var written = new BenchCertificate(Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"), certificate.Thumbprint);
        File.WriteAllText(written.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(written.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return written;
    }

    /// <summary>The benchmark's own client trusts exactly this certificate (wrk checks none).</summary>
    public RemoteCertificateValidationCallback Trust =>
        (_, presented, _, _) => presented is not null && string.Equals(presented.GetCertHashString(), Thumbprint, StringComparison.OrdinalIgnoreCase);
}
