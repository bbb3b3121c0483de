namespace Layers.SnapshotBuilder.Feed;

/// <summary><c>--source-format</c> (docs/contract/feed-formats.md): which shape a source's items have.</summary>
public enum SourceFormat
{
    Auto,
    Layers,
    TikTokMusic,
    TikTokCml,
}

public static class SourceFormats
{
    private static readonly (SourceFormat Format, string Name)[] Names =
        [(SourceFormat.Auto, "auto"), (SourceFormat.Layers, "layers"), (SourceFormat.TikTokMusic, "tiktok-music"), (SourceFormat.TikTokCml, "tiktok-cml")];

    public static string[] AllNames => [.. Names.Select(n => n.Name)];

    public static string Name(this SourceFormat format) => Names.First(n => n.Format == format).Name;

    public static SourceFormat Parse(string name) =>
        Names.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } found
            ? found.Format
            : throw new ArgumentException($"--source-format '{name}' is not one of {string.Join(", ", AllNames)}");
}
