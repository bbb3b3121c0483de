namespace Layers.EdgeCatalog.Tests;

/// <summary>The AOT edge's configuration: a bad setting stops it at start (exit 2, naming the setting), never silently ignored.</summary>
public class EdgeSettingsTests
{
    /// <summary>Each setting and values it must refuse.</summary>
    private static readonly Dictionary<string, string[]> BadValues = new()
    {
        ["LAYERS_MAX_SNAPSHOT_BYTES"] = ["lots", "0", "-5", "1.5", "512MiB", "99999999999999999999"],
        ["LAYERS_POLL_INTERVAL"] = ["soon"],
        ["LAYERS_KEEP_ALIVE_TIMEOUT"] = ["forever"],
        ["LAYERS_PIN_VERSION"] = ["../v1"],
        ["LAYERS_FAST_LANE"] = ["maybe"],
        ["LAYERS_SENDFILE"] = ["maybe"],
        ["LAYERS_TRANSPORT"] = ["pigeon"],
    };

    public static TheoryData<string, string> BadSettings()
    {
        var data = new TheoryData<string, string>();
        foreach (var (variable, values) in BadValues)
        {
            foreach (string value in values)
            {
                data.Add(variable, value);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_exits_2_naming_it(string variable, string value)
    {
        using var dir = new TempDirectory();
        using var edge = new ChildProcess(await EdgeServer.EnsureBinaryAsync(), ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?> { ["LAYERS_STORE"] = dir.Combine("store"), [variable] = value });
        Assert.Equal(2, await edge.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains($"EdgeCatalog: {variable}", edge.Output);
        Assert.Contains(value, edge.Output);
    }

    [Fact]
    public async Task A_store_uri_that_is_not_one_exits_2_with_a_message()
    {
        using var edge = new ChildProcess(await EdgeServer.EnsureBinaryAsync(), ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?> { ["LAYERS_STORE"] = "ftp://nope" });
        Assert.Equal(2, await edge.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("not a store", edge.Output);
    }

    [Fact]
    public async Task The_snapshot_cap_is_honoured()
    {
        // The sample snapshot is larger than 1,000 bytes: with that cap it is refused, and the node is never ready.
        using var setup = await new EdgeWithStore().StartAsync(environment: new Dictionary<string, string?> { ["LAYERS_MAX_SNAPSHOT_BYTES"] = "1000" }, waitUntilReady: false);
        await setup.Edge.WaitUntilAsync(async () => await setup.Edge.MetricAsync("layers_snapshot_refused_total{reason=\"too_large\"}") >= 1, TimeSpan.FromSeconds(15));
        Assert.Equal(0, await setup.Edge.MetricAsync("layers_ready"));
    }
}
