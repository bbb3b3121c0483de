using BenchmarkDotNet.Running;
using Layers.Bench;

if (args.Length > 0 && args[0] == "build-e2e")
{
    return await BuildEndToEnd.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
}
if (args.Length > 2 && args[0] == "make-store")
{
    return await MakeStore.RunAsync(args[1], args[2], args.Length > 3 ? args[3] : null);
}
if (args.Length > 0 && args[0] == "coldstart")
{
    return await ColdStart.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 21,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000);
}
if (args.Length > 0 && args[0] == "load")
{
    return await Layers.Bench.LoadDriver.LoadBenchmark.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "soak")
{
    return await Layers.Bench.LoadDriver.Soak.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(LoudnessBenchmarks).Assembly).Run(args);
return 0;
