using System.Text.Json.Serialization;

namespace Layers.SnapshotBuilder.Fleet;

/// <summary>A row of <c>snapshots list --json</c>.</summary>
public sealed record SnapshotRow(string Version, DateTimeOffset BuiltAt, int? TrackCount, long Size, string? State, string? Problem);

/// <summary><c>verify --json</c>.</summary>
public sealed record VerifyResult(bool Ok, IReadOnlyList<VerifyCheck> Checks);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<SnapshotRow>))]
[JsonSerializable(typeof(SnapshotDiff))]
[JsonSerializable(typeof(VerifyResult))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
