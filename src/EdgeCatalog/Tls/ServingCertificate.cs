using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Layers.EdgeCatalog.Endpoints;

namespace Layers.EdgeCatalog.Tls;

/// <summary>
/// A certificate and its private key read from PEM files, with the chain a handshake sends (the certificate file's
/// further certificates, as a <c>fullchain.pem</c> holds them), built once here rather than per handshake.
/// </summary>
internal sealed class ServingCertificate
{
    private ServingCertificate(X509Certificate2 leaf, SslStreamCertificateContext context)
    {
        Leaf = leaf;
        Context = context;
    }

    public X509Certificate2 Leaf { get; }

    public SslStreamCertificateContext Context { get; }

    /// <summary>Both files' text; <see cref="CertificateFileException"/> if either cannot be read.</summary>
    public static (string Certificate, string Key) ReadFiles(TlsFiles files) =>
        (Read(files.CertificatePath, "LAYERS_TLS_CERT"), Read(files.KeyPath, "LAYERS_TLS_KEY"));

    /// <summary>The certificate; <see cref="CertificateFileException"/> with what is wrong (never the key's bytes) otherwise.</summary>
    public static ServingCertificate Parse(string certificatePem, string keyPem, TlsFiles files)
    {
        X509Certificate2 leaf;
        try
        {
            // The first certificate of the file is the server's; the key must be its key (checked here).
            leaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new CertificateFileException(
                $"LAYERS_TLS_CERT '{files.CertificatePath}' and LAYERS_TLS_KEY '{files.KeyPath}' are not a PEM certificate and its private key: {e.Message}", e);
        }
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certificatePem);
        var intermediates = new X509Certificate2Collection();
        for (int i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }
        // offline: the chain is what the file holds; no handshake waits on fetching a missing intermediate.
        return new ServingCertificate(leaf, SslStreamCertificateContext.Create(leaf, intermediates, offline: true));
    }

    private static string Read(string path, string variable)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CertificateFileException($"{variable} '{path}' cannot be read: {e.Message}", e);
        }
    }
}

/// <summary>A certificate or key file that is missing, unreadable, not PEM, or a key that does not match the certificate.</summary>
internal sealed class CertificateFileException(string message, Exception? inner) : Exception(message, inner);
