using System.Diagnostics.Metrics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using Layers.EdgeCatalog.Endpoints;
using Layers.EdgeCatalog.Observability;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Layers.EdgeCatalog.Tls;

/// <summary>
/// The certificate every TLS handshake gets, renewed from its files without a restart. The files are polled
/// (read and hashed every poll interval), not watched: a Kubernetes Secret volume swaps a symlinked folder and
/// certbot renames files, which file-change notifications report unreliably, while two small reads per interval
/// cost nothing. A renewal that cannot be loaded (garbage, a key that does not match, a file removed) is logged and
/// counted once per distinct content of the files, and the certificate in force keeps serving.
/// </summary>
internal sealed partial class CertificateReloader : BackgroundService
{
    private readonly TlsFiles _files;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<CertificateReloader> _log;
    private readonly Meter _meter = new(EdgeMetrics.MeterName);
    private volatile ServingCertificate _current;
    private string _seen; // the digest of the files last looked at, or the error they gave
    private long _checks;
    private long _reloads;
    private long _refused;

    public CertificateReloader(FirstLoad first, TimeSpan interval, TimeProvider time, ILogger<CertificateReloader> log)
    {
        _files = first.Files;
        _current = first.Certificate;
        _seen = first.Fingerprint;
        _interval = interval;
        _time = time;
        _log = log;
        _meter.CreateObservableCounter("layers_tls_certificate_reloads", () => Volatile.Read(ref _reloads),
            description: "Renewed TLS certificates loaded from LAYERS_TLS_CERT / LAYERS_TLS_KEY since start");
        _meter.CreateObservableCounter("layers_tls_certificate_refused", () => Volatile.Read(ref _refused),
            description: "Renewals of the TLS certificate files that could not be loaded (the certificate in force kept serving)");
        _meter.CreateObservableGauge("layers_tls_certificate_expiry_timestamp_seconds", () => _current.Leaf.NotAfter.ToUniversalTime().Subtract(DateTime.UnixEpoch).TotalSeconds,
            unit: "s", description: "When the TLS certificate in force expires, in Unix seconds");
        _meter.CreateObservableCounter("layers_tls_certificate_checks", () => Volatile.Read(ref _checks),
            description: "Looks at the TLS certificate files (read and compared with the last look), once a poll interval");
    }

    /// <summary>The certificate at start, loaded before the host is built: <see cref="CertificateFileException"/> stops the start.</summary>
    public static FirstLoad Load(TlsFiles files)
    {
        var read = ServingCertificate.ReadFiles(files);
        return new FirstLoad(files, ServingCertificate.Parse(read.Certificate, read.Key, files), Fingerprint(read));
    }

    /// <summary>For <c>ListenOptions.UseHttps</c>: each handshake takes the certificate in force when it starts.</summary>
    public TlsHandshakeCallbackOptions HandshakeOptions => new()
    {
        // A new options object per handshake: Kestrel fills in ALPN (h2, http/1.1) from the endpoint's protocols.
        // Protocol versions and ciphers are left to the platform's defaults (TLS 1.2 and 1.3 with OpenSSL's policy).
        OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions { ServerCertificateContext = _current.Context }),
    };

    /// <summary>Reads the files once; loads them if they changed since the last look.</summary>
    internal void Check()
    {
        (string Certificate, string Key)? files = null;
        string seen;
        try
        {
            files = ServingCertificate.ReadFiles(_files);
            seen = Fingerprint(files.Value);
        }
        catch (CertificateFileException e)
        {
            seen = e.Message; // a file missing or unreadable: the same error again is not news
        }
        try
        {
            Apply(seen, files);
        }
        finally
        {
            // Counted once the check has done all it does, so a test that waits for a count sees its effects.
            Interlocked.Increment(ref _checks);
        }
    }

    private void Apply(string seen, (string Certificate, string Key)? files)
    {
        if (seen == _seen)
        {
            return;
        }
        _seen = seen;
        if (files is not { } read)
        {
            Refuse(seen);
            return;
        }
        ServingCertificate renewed;
        try
        {
            renewed = ServingCertificate.Parse(read.Certificate, read.Key, _files);
        }
        catch (CertificateFileException e)
        {
            Refuse(e.Message);
            return;
        }
        _current = renewed;
        Interlocked.Increment(ref _reloads);
        LogRenewed(renewed.Leaf.Thumbprint, renewed.Leaf.NotAfter.ToUniversalTime());
    }

    private void Refuse(string reason)
    {
        Interlocked.Increment(ref _refused);
        LogRefused(reason, _current.Leaf.Thumbprint);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Check();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    /// <summary>A digest of both files, so neither the key nor its text stays in memory beyond the load.</summary>
    private static string Fingerprint((string Certificate, string Key) files) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(files.Certificate + "\0" + files.Key)));

    internal sealed record FirstLoad(TlsFiles Files, ServingCertificate Certificate, string Fingerprint);

    [LoggerMessage(1, LogLevel.Information, "TLS certificate renewed from its files: thumbprint {Thumbprint}, expires {NotAfter:O}")]
    private partial void LogRenewed(string thumbprint, DateTime notAfter);

    [LoggerMessage(2, LogLevel.Error, "TLS certificate renewal refused, still serving thumbprint {Thumbprint}: {Reason}")]
    private partial void LogRefused(string reason, string thumbprint);
}
