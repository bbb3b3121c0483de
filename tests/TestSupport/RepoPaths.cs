namespace Layers.TestSupport;

public static class RepoPaths
{
    /// <summary>The checkout's root: the folder holding LayersMusic.sln, above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string SampleFeed => Path.Combine(Root, "samples", "feed", "trending.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LayersMusic.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("LayersMusic.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder, deleted with the test.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "layers-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
