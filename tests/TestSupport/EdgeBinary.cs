namespace Layers.TestSupport;

/// <summary>
/// Whether a published edge binary is older than the sources it is built from: a test run against it would test
/// code that is no longer there. The sources are every file of the edge's projects (bin and obj aside) and the
/// build files and publish script around them.
/// </summary>
public static class EdgeBinary
{
    private static readonly string[] SourceFolders = ["src/EdgeCatalog", "src/Catalog"];

    private static readonly string[] SourceFiles =
        ["Directory.Build.props", "Directory.Packages.props", "src/Directory.Build.props", "global.json", "scripts/publish-edge.sh"];

    /// <summary>The newest source file under <paramref name="root"/> and its time.</summary>
    public static (string Path, DateTime WrittenUtc) NewestSource(string root)
    {
        var files = SourceFolders
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => !IsBuildOutput(Path.GetRelativePath(root, file)))
            .Concat(SourceFiles.Select(file => Path.Combine(root, file)).Where(File.Exists));
        return files.Select(file => (file, File.GetLastWriteTimeUtc(file))).MaxBy(f => f.Item2);
    }

    /// <summary>Why <paramref name="binary"/> must not be run for the sources under <paramref name="root"/>; null when it may.</summary>
    public static string? Staleness(string binary, string root)
    {
        if (!File.Exists(binary))
        {
            return $"{binary} does not exist";
        }
        var built = File.GetLastWriteTimeUtc(binary);
        var (newest, written) = NewestSource(root);
        return written > built
            ? $"{binary} (published {built:u}) is older than {Path.GetRelativePath(root, newest)} (written {written:u})"
            : null;
    }

    private static bool IsBuildOutput(string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }
}
