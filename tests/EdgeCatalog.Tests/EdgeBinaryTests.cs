namespace Layers.EdgeCatalog.Tests;

/// <summary>The edge suites never run a binary older than its sources.</summary>
public sealed class EdgeBinaryTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly DateTime _published = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    public EdgeBinaryTests()
    {
        Write("src/EdgeCatalog/FastLane/RequestHead.cs", _published.AddHours(-1));
        Write("src/Catalog/Snapshots/SnapshotReader.cs", _published.AddHours(-2));
        Write("Directory.Packages.props", _published.AddDays(-1));
        Write("artifacts/edge/EdgeCatalog", _published);
    }

    private string Binary => _root.Combine("artifacts", "edge", "EdgeCatalog");

    [Fact]
    public void A_binary_newer_than_every_source_may_run() => Assert.Null(EdgeBinary.Staleness(Binary, _root.Path));

    [Theory]
    [InlineData("src/EdgeCatalog/FastLane/RequestHead.cs")]
    [InlineData("src/EdgeCatalog/Transport/New.cs")]
    [InlineData("src/Catalog/Snapshots/SnapshotReader.cs")]
    [InlineData("src/EdgeCatalog/EdgeCatalog.csproj")]
    [InlineData("Directory.Packages.props")]
    [InlineData("scripts/publish-edge.sh")]
    public void A_source_written_after_the_publish_makes_it_stale(string source)
    {
        Write(source, _published.AddSeconds(1));
        string? stale = EdgeBinary.Staleness(Binary, _root.Path);
        Assert.NotNull(stale);
        Assert.Contains(source.Replace('/', Path.DirectorySeparatorChar), stale);
    }

    [Theory]
    [InlineData("src/EdgeCatalog/obj/Release/net10.0/EdgeCatalog.dll")]
    [InlineData("src/EdgeCatalog/bin/Release/net10.0/EdgeCatalog.dll")]
    [InlineData("src/SnapshotBuilder/Program.cs")]
    [InlineData("tests/EdgeCatalog.Tests/FastLaneTests.cs")]
    public void Build_output_and_other_projects_do_not(string file)
    {
        Write(file, _published.AddHours(1));
        Assert.Null(EdgeBinary.Staleness(Binary, _root.Path));
    }

    [Fact]
    public void A_missing_binary_is_stale() => Assert.NotNull(EdgeBinary.Staleness(_root.Combine("nothing"), _root.Path));

    private void Write(string relative, DateTime writtenUtc)
    {
        string path = _root.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, writtenUtc);
    }

    public void Dispose() => _root.Dispose();
}
