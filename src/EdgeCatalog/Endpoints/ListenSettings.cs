using Microsoft.AspNetCore.Http;

namespace Layers.EdgeCatalog.Endpoints;

/// <summary>
/// Where the edge listens and with which certificate (docs/contract/edge.md): the URLs (<see cref="HostUrls"/>; Kestrel's
/// <c>http://localhost:5000</c> when none is given) and <c>LAYERS_TLS_CERT</c> / <c>LAYERS_TLS_KEY</c>.
/// Read once at start; every inconsistency is a start-up error.
/// </summary>
internal sealed record ListenSettings(IReadOnlyList<BindingAddress> Urls, TlsFiles? Tls)
{
    public const string DefaultUrl = "http://localhost:5000";

    /// <param name="urls">From <see cref="HostUrls.Take"/>.</param>
    /// <param name="configuration">Where <c>LAYERS_TLS_*</c> are read.</param>
    public static ListenSettings From(IReadOnlyList<string> urls, IConfiguration configuration)
    {
        var addresses = (urls.Count == 0 ? [DefaultUrl] : urls).Select(Parse).ToList();

        string? cert = configuration["LAYERS_TLS_CERT"] is { Length: > 0 } c ? c : null;
        string? key = configuration["LAYERS_TLS_KEY"] is { Length: > 0 } k ? k : null;
        if ((cert is null) != (key is null))
        {
            throw new InvalidOperationException("TLS needs both LAYERS_TLS_CERT and LAYERS_TLS_KEY (PEM files); only one is set");
        }
        bool https = addresses.Any(IsHttps);
        if (https && cert is null)
        {
            throw new InvalidOperationException("an https:// URL needs LAYERS_TLS_CERT and LAYERS_TLS_KEY (PEM files)");
        }
        if (!https && cert is not null)
        {
            // Certificates without an https:// URL would mean the operator believes the edge speaks TLS while it does not.
            throw new InvalidOperationException("LAYERS_TLS_CERT and LAYERS_TLS_KEY are set but no URL is https://");
        }
        return new ListenSettings(addresses, cert is null ? null : new TlsFiles(cert, key!));
    }

    public static bool IsHttps(BindingAddress address) => address.Scheme == "https";

    private static BindingAddress Parse(string url)
    {
        var address = BindingAddress.Parse(url);
        if (address.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"URL '{url}' is neither http:// nor https://");
        }
        return address;
    }
}

/// <summary>The PEM files of the serving certificate (leaf first, then any intermediates) and of its private key.</summary>
internal sealed record TlsFiles(string CertificatePath, string KeyPath);
