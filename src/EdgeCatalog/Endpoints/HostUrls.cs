namespace Layers.EdgeCatalog.Endpoints;

/// <summary>
/// Takes the listen URLs (<c>urls</c>, else <c>http_ports</c> / <c>https_ports</c>, from <c>--urls</c> and the
/// <c>ASPNETCORE_</c> / <c>DOTNET_</c> variables, as the web host reads them) out of the arguments and the environment
/// before the host is created. The edge binds them itself (<see cref="EndpointBinder"/>); left in place, the host
/// would also hand them to Kestrel, which then ignores them with a misleading "Overriding address(es)" warning.
/// </summary>
internal static class HostUrls
{
    private static readonly string[] Keys = ["urls", "http_ports", "https_ports"];
    private static readonly string[] Prefixes = ["DOTNET_", "ASPNETCORE_"];

    public static IReadOnlyList<string> Take(ref string[] args)
    {
        // Later sources win, as in the web host: DOTNET_, then ASPNETCORE_, then the command line.
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables(Prefixes[0])
            .AddEnvironmentVariables(Prefixes[1])
            .AddCommandLine(args)
            .Build();
        var urls = Split(configuration["urls"]).ToList();
        if (urls.Count == 0)
        {
            urls.AddRange(Split(configuration["http_ports"]).Select(port => $"http://*:{port}"));
            urls.AddRange(Split(configuration["https_ports"]).Select(port => $"https://*:{port}"));
        }
        foreach (string prefix in Prefixes)
        {
            foreach (string key in Keys)
            {
                Environment.SetEnvironmentVariable(prefix + key.ToUpperInvariant(), null);
            }
        }
        args = WithoutKeys(args);
        return urls;
    }

    /// <summary>The arguments less <c>--urls x</c>, <c>--urls=x</c>, <c>/urls x</c>, <c>urls=x</c> (the command-line provider's forms) for each key.</summary>
    internal static string[] WithoutKeys(string[] args)
    {
        var kept = new List<string>(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            bool prefixed = arg.StartsWith("--", StringComparison.Ordinal) || arg.StartsWith('/');
            string name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : prefixed ? arg[1..] : arg;
            int equals = name.IndexOf('=', StringComparison.Ordinal);
            bool hasValue = equals >= 0;
            if ((!prefixed && !hasValue) || !Keys.Contains(hasValue ? name[..equals] : name, StringComparer.OrdinalIgnoreCase))
            {
                kept.Add(arg);
            }
            else if (!hasValue)
            {
                i++; // "--urls x": the value is the next argument
            }
        }
        return [.. kept];
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
