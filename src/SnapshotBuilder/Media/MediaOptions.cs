using Layers.SnapshotBuilder.Audio;

namespace Layers.SnapshotBuilder.Media;

/// <summary>Limits and policy of the media stage (docs/contract/builder.md, step 5).</summary>
public sealed record MediaOptions(
    IReadOnlySet<string> AllowedHosts,
    VolumeThresholds Volume,
    long MaxAudioBytes = 10L * 1024 * 1024,
    long MaxImageBytes = 2L * 1024 * 1024,
    int Concurrency = 8)
{
    public const string CacheControl = "public, max-age=31536000, immutable";
}
