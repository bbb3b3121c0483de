using System.Text.RegularExpressions;
using Layers.TestSupport;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// No Docker engine runs here, so the container is checked by what can be checked: the Dockerfile
/// publishes with CI's command, and its HEALTHCHECK works against the real binary.
/// </summary>
public class DeploymentFilesTests
{
    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([RepoPaths.Root, .. path]));

    [Fact]
    public void The_dockerfile_publishes_with_the_same_command_as_ci()
    {
        const string publish = "bash scripts/publish-edge.sh";
        string dockerfile = Read("Dockerfile.aot");
        Assert.Matches(new Regex($"^RUN {Regex.Escape(publish)}$", RegexOptions.Multiline), dockerfile);
        Assert.Contains("bash scripts/test.sh", Read(".ci", "run"));
        Assert.Contains(publish, Read("scripts", "test.sh"));
        Assert.Contains("dotnet publish src/EdgeCatalog/EdgeCatalog.csproj -c Release -r linux-x64", Read("scripts", "publish-edge.sh"));
    }

    [Fact]
    public void The_image_is_chiseled_non_root_and_health_checked()
    {
        string dockerfile = Read("Dockerfile.aot");
        Assert.Matches("FROM mcr.microsoft.com/dotnet/sdk:10.0-[a-z]+-aot AS build", dockerfile);
        Assert.Matches("FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-[a-z]+-chiseled", dockerfile);
        Assert.Contains("USER $APP_UID", dockerfile);
        Assert.Contains("HEALTHCHECK", dockerfile);
        Assert.Contains("CMD [\"/app/EdgeCatalog\", \"healthcheck\"]", dockerfile);
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", dockerfile);
    }

    [Fact]
    public async Task The_healthcheck_command_reports_the_real_server()
    {
        using var setup = await new EdgeWithStore().StartAsync();
        string binary = await EdgeServer.EnsureBinaryAsync();

        using var healthy = new ChildProcess(binary, ["healthcheck"], new Dictionary<string, string?> { ["LAYERS_HEALTHCHECK_URL"] = new Uri(setup.Edge.BaseAddress, "/healthz").ToString() });
        Assert.Equal(0, await healthy.WaitForExitAsync(TimeSpan.FromSeconds(10)));

        using var down = new ChildProcess(binary, ["healthcheck"], new Dictionary<string, string?> { ["LAYERS_HEALTHCHECK_URL"] = "http://127.0.0.1:9/healthz" });
        Assert.Equal(1, await down.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }
}
