using BenchmarkDotNet.Running;
using Layers.Bench;

if (args.Length > 0 && args[0] == "build-e2e")
{
    return await BuildEndToEnd.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
}
BenchmarkSwitcher.FromAssembly(typeof(LoudnessBenchmarks).Assembly).Run(args);
return 0;
