using System.Text.Json;
using System.Text.RegularExpressions;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// No Docker engine runs here, so the containers are checked by what can be checked: Dockerfile.aot
/// publishes with CI's command, and its HEALTHCHECK works against the real binary; Dockerfile.builder's publish
/// step is run as written, and what it publishes runs the image's default command and stops on SIGTERM.
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

    [Fact]
    public void The_builder_image_is_chiseled_with_icu_non_root_and_runs_run_every_12h_by_default()
    {
        string dockerfile = Read("Dockerfile.builder");
        Assert.Matches("FROM mcr.microsoft.com/dotnet/sdk:10.0-[a-z]+ AS build", dockerfile);
        Assert.Matches("FROM mcr.microsoft.com/dotnet/runtime:10.0-[a-z]+-chiseled-extra", dockerfile); // ICU for NFC
        Assert.Contains("USER $APP_UID", dockerfile);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/SnapshotBuilder.dll\"]", dockerfile);
        Assert.Equal(["run", "--every", "12h"], DefaultCommand(dockerfile));
    }

    [Fact]
    public async Task The_builder_image_publish_step_builds_a_builder_that_runs_its_default_command_and_stops_on_sigterm()
    {
        string dockerfile = Read("Dockerfile.builder");
        var publish = Regex.Match(dockerfile, "^RUN (dotnet publish .+) -o /app$", RegexOptions.Multiline);
        Assert.True(publish.Success, "Dockerfile.builder publishes with one `RUN dotnet publish … -o /app`");
        using var dir = new TempDirectory();
        string output = dir.Combine("app");
        // The image's build stage runs in a copy of the repository; here it runs in the repository itself.
        using (var build = new ChildProcess("dotnet", [.. publish.Groups[1].Value.Split(' ')[1..], "-o", output]))
        {
            int exit = await build.WaitForExitAsync(TimeSpan.FromMinutes(8));
            Assert.True(exit == 0, build.Output);
        }

        using var builder = new ChildProcess("dotnet", [Path.Combine(output, "SnapshotBuilder.dll"), .. DefaultCommand(dockerfile),
            "--source", RepoPaths.SampleFeed, "--store", dir.Combine("store")]);
        await builder.WaitForLineAsync(new Regex("\"event\":\"waiting\""), TimeSpan.FromMinutes(3));
        Assert.Contains("build published", builder.Output);
        builder.Terminate();
        Assert.Equal(0, await builder.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("\"event\":\"stopped\"", builder.Output);
    }

    private static string[] DefaultCommand(string dockerfile) =>
        JsonSerializer.Deserialize<string[]>(Regex.Match(dockerfile, "^CMD (\\[.*\\])$", RegexOptions.Multiline).Groups[1].Value)!;
}
