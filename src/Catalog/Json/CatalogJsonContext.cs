using System.Text.Json.Serialization;
using Layers.Catalog.Keys;
using Layers.Catalog.Snapshots;

namespace Layers.Catalog.Json;

/// <summary>Source-generated JSON for everything the store holds (no reflection: the edge is Native AOT).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(Manifest))]
[JsonSerializable(typeof(SnapshotMeta))]
[JsonSerializable(typeof(KeyFile))]
public sealed partial class CatalogJsonContext : JsonSerializerContext;
