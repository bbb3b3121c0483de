using System.ComponentModel;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// deploy/prometheus/alerts.yml is checked and unit-tested with promtool (Debian's prometheus package, installed by
/// scripts/install-deps.sh: a missing promtool fails these tests, never skips them), and every metric the alerts and
/// deploy/grafana/edge.json query is one the edge really exposes on /metrics.
/// </summary>
public partial class MonitoringFilesTests(TlsEdgeFixture fixture) : IClassFixture<TlsEdgeFixture>
{
    private static string Alerts => Path.Combine(RepoPaths.Root, "deploy", "prometheus", "alerts.yml");

    [Fact]
    public async Task Promtool_checks_the_alert_rules()
    {
        var (exit, output) = await PromtoolAsync("check", "rules", Alerts);
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS: 7 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_unit_tests_pass_with_series_that_fire_and_series_that_do_not()
    {
        var (exit, output) = await PromtoolAsync("test", "rules", Path.Combine(RepoPaths.Root, "deploy", "prometheus", "alerts.test.yml"));
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_dashboard_query_is_valid_promql()
    {
        // promtool parses PromQL as rule expressions; Grafana's variables are given values first.
        using var dir = new TempDirectory();
        string rules = dir.Combine("dashboard-rules.yml");
        var lines = new List<string> { "groups:", "  - name: dashboard", "    rules:" };
        int n = 0;
        foreach (string expr in DashboardQueries())
        {
            string promql = expr.Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$job", ".*", StringComparison.Ordinal).Replace("$instance", ".*", StringComparison.Ordinal);
            lines.Add($"      - record: dashboard_query_{n++}");
            lines.Add($"        expr: {JsonSerializer.Serialize(promql)}");
        }
        await File.WriteAllLinesAsync(rules, lines);
        var (exit, output) = await PromtoolAsync("check", "rules", rules);
        Assert.True(exit == 0, output);
        Assert.Contains($"SUCCESS: {n} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alerts_query_is_on_the_edges_metrics()
    {
        // Refusals are series by reason, so there is none until a load is refused: have one refused.
        File.WriteAllText(Path.Combine(fixture.Tls.Setup.StorePath, "catalog", "manifest.json"), "not a manifest");
        await fixture.Tls.Edge.WaitUntilAsync(async () => await fixture.Tls.Edge.MetricAsync("layers_snapshot_refused_total{reason=\"bad_manifest\"}") >= 1, TimeSpan.FromSeconds(30));
        var exposed = new HashSet<string>(
            (await fixture.Tls.Edge.Client.GetStringAsync("/metrics")).Split('\n')
                .Where(line => line.Length > 0 && line[0] != '#')
                .Select(line => MetricName().Match(line).Value),
            StringComparer.Ordinal);
        var dashboard = DashboardQueries().SelectMany(expr => MetricName().Matches(expr)).Select(m => m.Value).ToHashSet();
        var alerts = MetricName().Matches(File.ReadAllText(Alerts)).Select(m => m.Value).ToHashSet();

        Assert.Subset(exposed, dashboard);
        Assert.Subset(exposed, alerts);
        foreach (string needed in new[] { "layers_http_requests_total", "layers_snapshot_age_seconds", "layers_snapshot_info", "layers_snapshot_swaps_total",
                     "layers_snapshot_refused_total", "layers_process_resident_memory_bytes", "layers_process_allocated_bytes_total" })
        {
            Assert.Contains(needed, dashboard);
        }
    }

    private static IEnumerable<string> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "grafana", "edge.json")));
        var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)
            .ToList();
        Assert.NotEmpty(queries);
        return queries;
    }

    private static async Task<(int Exit, string Output)> PromtoolAsync(params string[] arguments)
    {
        ChildProcess promtool;
        try
        {
            promtool = new ChildProcess("promtool", arguments);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("promtool is missing: scripts/install-deps.sh installs it (Debian's prometheus package)", e);
        }
        using (promtool)
        {
            int exit = await promtool.WaitForExitAsync(TimeSpan.FromSeconds(60));
            return (exit, promtool.Output);
        }
    }

    [GeneratedRegex(@"\blayers_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
