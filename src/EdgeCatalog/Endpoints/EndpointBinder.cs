using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Layers.EdgeCatalog.Endpoints;

/// <summary>
/// Binds the listen URLs in code, not through Kestrel's address binding, so that each endpoint's connection
/// pipeline is known when it is built: TLS on an https:// endpoint, the fast lane on an http:// one. (Kestrel
/// puts its TLS middleware after the endpoint defaults, so a lane installed there would read ciphertext and
/// could answer a plain-text request on an https:// port.) Host names are read as Kestrel reads them: an IP
/// address binds that address, <c>localhost</c> both loopbacks, anything else (<c>*</c>, <c>+</c>, a name)
/// every interface; <c>http://unix:/path</c> a Unix socket.
/// </summary>
internal static class EndpointBinder
{
    public static void Bind(KestrelServerOptions kestrel, BindingAddress address, Action<ListenOptions> configure)
    {
        if (address.IsUnixPipe)
        {
            kestrel.ListenUnixSocket(address.UnixPipePath, configure);
        }
        else if (IPAddress.TryParse(address.Host, out var ip))
        {
            kestrel.Listen(ip, address.Port, configure);
        }
        else if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, configure);
        }
        else
        {
            kestrel.ListenAnyIP(address.Port, configure);
        }
    }
}
