using System.Text.Json.Serialization;

namespace Layers.PublishClient;

internal sealed record ListBody(IReadOnlyList<CatalogTrack> Tracks, int Total);

/// <summary>
/// The two fields a track's detail document has beyond the list's. The same bytes are read once as a
/// <see cref="CatalogTrack"/> and once as these, so the track's fields are declared only there.
/// </summary>
internal sealed record DetailExtras(string TiktokMusicLink, bool Trending);

/// <summary>Source-generated JSON: the client is trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ListBody))]
[JsonSerializable(typeof(CatalogTrack))]
[JsonSerializable(typeof(DetailExtras))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
