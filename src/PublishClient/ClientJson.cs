using System.Text.Json.Serialization;

namespace Layers.PublishClient;

internal sealed record ListBody(IReadOnlyList<CatalogTrack> Tracks, int Total);

internal sealed record DetailBody(
    string Id,
    string Title,
    string Author,
    string Album,
    int Duration,
    string PreviewUrl,
    string CoverUrl,
    string Language,
    long UserCount,
    bool IsCommerceMusic,
    string TiktokMusicLink,
    bool Trending)
{
    public CatalogTrackDetail ToDetail() =>
        new(new CatalogTrack(Id, Title, Author, Album, Duration, PreviewUrl, CoverUrl, Language, UserCount, IsCommerceMusic), TiktokMusicLink, Trending);
}

/// <summary>Source-generated JSON: the client is trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ListBody))]
[JsonSerializable(typeof(DetailBody))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
