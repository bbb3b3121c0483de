namespace Layers.Bench.LoadDriver;

/// <summary>
/// What one load run does: <c>load [--tracks 1000] [--duration 10] [--warmup 2] [--repeats 3] [--connections 32]
/// [--server-cpu 1] [--wrk-cpu 0] [--servers edge,nginx,naive] (also edge-copy, edge-sockets, edge-tls, nginx-tls, edge-baseline) [--scenarios gzip,br,identity,304,401,close]
/// [--baseline-edge PATH]</c>. Paths are relative to the repository root (bench/load/run.sh runs from there).
/// </summary>
internal sealed record LoadOptions(int Tracks, int Duration, int Warmup, int Repeats, int Connections, string ServerCpu, string WrkCpu, string[] Servers, string[] Scenarios, string WorkDir, string? BaselineEdge)
{
    public string EdgeBinary { get; } = Path.GetFullPath("artifacts/edge/EdgeCatalog");

    public string NaiveDll { get; } = Path.GetFullPath("bench/load/NaiveServer/bin/Release/net10.0/NaiveServer.dll");

    public string ReportLua { get; } = Path.GetFullPath("bench/load/report.lua");

    public string Nginx { get; } = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

    public static LoadOptions Parse(string[] args, string workDir)
    {
        var values = new Dictionary<string, string>
        {
            ["--tracks"] = "1000",
            ["--duration"] = "10",
            ["--warmup"] = "2",
            ["--repeats"] = "3",
            ["--connections"] = "32",
            ["--server-cpu"] = Environment.ProcessorCount > 1 ? "1" : "0",
            ["--wrk-cpu"] = "0",
            ["--servers"] = "edge,nginx,naive",
            ["--scenarios"] = "gzip,br,identity,304,401,close",
            ["--baseline-edge"] = "",
        };
        Flags("load", args, values);
        int Int(string name) => int.Parse(values[name], CultureInfo.InvariantCulture);
        return new LoadOptions(Int("--tracks"), Int("--duration"), Int("--warmup"), Int("--repeats"), Int("--connections"),
            values["--server-cpu"], values["--wrk-cpu"], values["--servers"].Split(','), values["--scenarios"].Split(','), workDir,
            values["--baseline-edge"] is "" ? null : Path.GetFullPath(values["--baseline-edge"]));
    }

    /// <summary>Overwrites <paramref name="values"/> (the defaults) with <c>--name value</c> pairs; an unknown name is an error.</summary>
    public static void Flags(string command, string[] args, Dictionary<string, string> values)
    {
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!values.ContainsKey(args[i]) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"{command}: unknown or incomplete option '{args[i]}'; options: {string.Join(' ', values.Keys)}");
            }
            values[args[i]] = args[i + 1];
        }
    }
}
