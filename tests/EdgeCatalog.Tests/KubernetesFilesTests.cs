using System.Text.Json;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// deploy/kubernetes: every object validated against the Kubernetes API's schemas (tests/kubernetes/validate.mjs,
/// kubernetes-models from npm: types, required fields, enums), then the operational requirements checked on the
/// parsed objects: probes, drain, resources, disruption budget, cache volume, secrets, the builder's schedule.
/// </summary>
public class KubernetesFilesTests
{
    private static readonly Lazy<Task<JsonElement[]>> Objects = new(LoadAsync);

    private static async Task<JsonElement[]> LoadAsync()
    {
        string validator = Path.Combine(RepoPaths.Root, "tests", "kubernetes");
        Assert.True(Directory.Exists(Path.Combine(validator, "node_modules")),
            "tests/kubernetes has no node_modules: run (cd tests/kubernetes && npm ci), as scripts/test.sh does");
        using var node = new ChildProcess("node", [Path.Combine(validator, "validate.mjs"), Path.Combine(RepoPaths.Root, "deploy", "kubernetes")]);
        int exit = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, node.Output);
        using var parsed = JsonDocument.Parse(node.Output);
        return [.. parsed.RootElement.EnumerateArray().Select(entry => entry.GetProperty("object").Clone())];
    }

    private static async Task<JsonElement> Find(string kind, string name) =>
        Assert.Single(await Objects.Value, o => o.GetProperty("kind").GetString() == kind && o.GetProperty("metadata").GetProperty("name").GetString() == name);

    private static JsonElement Container(JsonElement workload) =>
        Assert.Single(workload.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers").EnumerateArray());

    [Fact]
    public async Task Every_file_is_valid_against_the_kubernetes_schemas_and_kustomize_lists_them_all()
    {
        var objects = await Objects.Value;
        Assert.Equal(["Deployment", "Deployment", "Kustomization", "PodDisruptionBudget", "Service"],
            objects.Select(o => o.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
        var kustomization = Assert.Single(objects, o => o.GetProperty("kind").GetString() == "Kustomization");
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "deploy", "kubernetes"), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");
        Assert.Equal(files.Order(StringComparer.Ordinal), kustomization.GetProperty("resources").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_edge_is_probed_drained_sized_and_fed_its_secrets()
    {
        var edge = await Find("Deployment", "layers-edge");
        var container = Container(edge);
        Assert.Equal("/readyz", container.GetProperty("readinessProbe").GetProperty("httpGet").GetProperty("path").GetString());
        Assert.Equal("/healthz", container.GetProperty("livenessProbe").GetProperty("httpGet").GetProperty("path").GetString());

        // preStop waits for the balancers to drop the endpoint, within the grace period.
        int drain = container.GetProperty("lifecycle").GetProperty("preStop").GetProperty("sleep").GetProperty("seconds").GetInt32();
        int grace = edge.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("terminationGracePeriodSeconds").GetInt32();
        Assert.InRange(drain, 5, grace - 10);

        // Sized from the measured RSS (bench/RESULTS.md: peak 37.7 MiB): the request covers it, the limit leaves room.
        var resources = container.GetProperty("resources");
        Assert.InRange(Mebibytes(resources.GetProperty("requests").GetProperty("memory").GetString()!), 40, 96);
        Assert.InRange(Mebibytes(resources.GetProperty("limits").GetProperty("memory").GetString()!), 96, 512);
        Assert.True(resources.GetProperty("requests").TryGetProperty("cpu", out _));

        // The last-known-good cache on a writable volume; the TLS files from a Secret, mounted whole (subPath mounts never update).
        var env = container.GetProperty("env").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        var mounts = container.GetProperty("volumeMounts").EnumerateArray().ToList();
        var volumes = edge.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("volumes").EnumerateArray().ToList();
        string cacheDir = env["LAYERS_CACHE_DIR"].GetProperty("value").GetString()!;
        var cacheMount = Assert.Single(mounts, m => m.GetProperty("mountPath").GetString() == cacheDir);
        Assert.False(cacheMount.TryGetProperty("readOnly", out var readOnly) && readOnly.GetBoolean());
        Assert.Single(volumes, v => v.GetProperty("name").GetString() == cacheMount.GetProperty("name").GetString() && v.TryGetProperty("emptyDir", out _));
        foreach (string variable in new[] { "LAYERS_TLS_CERT", "LAYERS_TLS_KEY" })
        {
            string file = env[variable].GetProperty("value").GetString()!;
            var mount = Assert.Single(mounts, m => file.StartsWith(m.GetProperty("mountPath").GetString() + "/", StringComparison.Ordinal));
            Assert.False(mount.TryGetProperty("subPath", out _));
            Assert.Single(volumes, v => v.GetProperty("name").GetString() == mount.GetProperty("name").GetString() && v.TryGetProperty("secret", out _));
        }
        Assert.Contains("https://", env["ASPNETCORE_URLS"].GetProperty("value").GetString(), StringComparison.Ordinal);
        foreach (string secret in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" })
        {
            Assert.True(env[secret].GetProperty("valueFrom").TryGetProperty("secretKeyRef", out _), $"{secret} must come from a Secret");
        }
        Assert.True(container.GetProperty("securityContext").GetProperty("readOnlyRootFilesystem").GetBoolean());
    }

    [Fact]
    public async Task A_disruption_budget_and_a_service_cover_the_edge_pods()
    {
        var edge = await Find("Deployment", "layers-edge");
        var podLabels = edge.GetProperty("spec").GetProperty("template").GetProperty("metadata").GetProperty("labels");
        var budget = await Find("PodDisruptionBudget", "layers-edge");
        Assert.True(Selects(budget.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels"), podLabels));
        Assert.InRange(budget.GetProperty("spec").GetProperty("maxUnavailable").GetInt32(), 1, edge.GetProperty("spec").GetProperty("replicas").GetInt32() - 1);

        var service = await Find("Service", "layers-edge");
        Assert.True(Selects(service.GetProperty("spec").GetProperty("selector"), podLabels));
        var ports = Container(edge).GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet();
        Assert.All(service.GetProperty("spec").GetProperty("ports").EnumerateArray(), port => Assert.Contains(port.GetProperty("targetPort").GetString(), ports));
    }

    [Fact]
    public async Task The_builder_is_one_replica_of_run_every_12h_never_two_at_once()
    {
        var builder = await Find("Deployment", "layers-builder");
        Assert.Equal(1, builder.GetProperty("spec").GetProperty("replicas").GetInt32());
        Assert.Equal("Recreate", builder.GetProperty("spec").GetProperty("strategy").GetProperty("type").GetString());
        var container = Container(builder);
        Assert.Equal(["run", "--every", "12h"], container.GetProperty("args").EnumerateArray().Take(3).Select(a => a.GetString()));
        var env = container.GetProperty("env").EnumerateArray().ToList();
        foreach (string secret in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "TIKTOK_ACCESS_TOKEN" })
        {
            var variable = Assert.Single(env, e => e.GetProperty("name").GetString() == secret);
            Assert.True(variable.GetProperty("valueFrom").TryGetProperty("secretKeyRef", out _), $"{secret} must come from a Secret");
        }
    }

    private static bool Selects(JsonElement selector, JsonElement labels) =>
        selector.EnumerateObject().All(l => labels.TryGetProperty(l.Name, out var value) && value.GetString() == l.Value.GetString());

    private static double Mebibytes(string quantity) => quantity switch
    {
        _ when quantity.EndsWith("Mi", StringComparison.Ordinal) => double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture),
        _ when quantity.EndsWith("Gi", StringComparison.Ordinal) => 1024 * double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new FormatException($"memory quantity '{quantity}': write it in Mi or Gi"),
    };
}
