using System.Text.Json.Serialization;
using Layers.SnapshotBuilder.Audio;

namespace Layers.SnapshotBuilder.Media;

/// <summary>
/// <c>music/{id}/analysis.json</c> in the media store: what an earlier build measured of a track's preview,
/// and whether its media is mirrored. A later build reads it instead of downloading and decoding again,
/// and re-judges the stored measurement against its own thresholds.
/// </summary>
public sealed record MediaRecord(
    int FormatVersion,
    double DurationSeconds,
    double? IntegratedLufs,
    double? SamplePeakDbfs,
    string PreviewSha256,
    bool Mirrored,
    string? CoverContentType,
    DateTimeOffset MeasuredAt)
{
    public const int CurrentFormatVersion = 1;

    public static string Key(string trackId) => $"music/{trackId}/analysis.json";

    // JSON has no infinities: silence is stored as null.
    public AudioAnalysis ToAnalysis() => new(DurationSeconds, IntegratedLufs ?? double.NegativeInfinity, SamplePeakDbfs ?? double.NegativeInfinity, 0, 0);

    public static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MediaRecord))]
internal sealed partial class MediaJsonContext : JsonSerializerContext;
