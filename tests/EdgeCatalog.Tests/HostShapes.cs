namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// Host header values by what the edge must make of them, for the lane's parser and the published edge alike: the
/// fast lane answers the plain ones itself; Kestrel refuses the malformed ones with 400 (RFC 9112 §3.2), and so must
/// the edge with the lane on.
/// </summary>
public static class HostShapes
{
    public static readonly string[] Plain =
    [
        "h", "edge.example.com:8080", "127.0.0.1:80", "a-b_c~d.e", "a-b_c~d.e:65535",
        "[::1]", "[::1]:8080", "[2001:db8::1.2.3.4]:1", "[2001:DB8::1.2.3.4]:1",
    ];

    public static readonly string[] KestrelRefuses =
    [
        // a port that is not one: a second colon, letters, nothing after the colon, no host before it
        "a:1:2", "127.0.0.1:http", "h:", ":80", "h:8a", "h:80:80",
        // brackets that do not hold an IPv6 address
        "[::1", "a]b", "[::1]x", "[::1]:", "[]", "[:]", "[g::1]", "h[1]",
    ];

    public static TheoryData<string> PlainHosts => new(Plain);

    public static TheoryData<string> HostsKestrelRefuses => new(KestrelRefuses);
}
