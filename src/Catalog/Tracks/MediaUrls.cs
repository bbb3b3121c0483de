namespace Layers.Catalog.Tracks;

/// <summary>The permanent media layout (docs/contract/store.md): <c>music/{id}/preview.mp3</c> and <c>music/{id}/cover.jpg</c>.</summary>
public static class MediaUrls
{
    public const string DefaultBaseUrl = "https://media.layers.com";

    public static string PreviewKey(string trackId) => $"music/{trackId}/preview.mp3";

    public static string CoverKey(string trackId) => $"music/{trackId}/cover.jpg";

    public static string PreviewUrl(string baseUrl, string trackId) => $"{baseUrl.TrimEnd('/')}/{PreviewKey(trackId)}";

    public static string CoverUrl(string baseUrl, string trackId) => $"{baseUrl.TrimEnd('/')}/{CoverKey(trackId)}";
}
