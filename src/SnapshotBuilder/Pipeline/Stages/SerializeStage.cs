using System.Security.Cryptography;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Tracks;

namespace Layers.SnapshotBuilder.Pipeline.Stages;

/// <summary>A snapshot ready to publish: its blob and the manifest that would announce it.</summary>
public sealed record SerializedSnapshot(WrittenSnapshot Written, Manifest Manifest)
{
    public string Version => Manifest.Version;
}

/// <summary>docs/contract/builder.md, step 7: names the version and serializes every body and coding once (<see cref="SnapshotWriter"/>).</summary>
public sealed class SerializeStage(TimeProvider clock) : IBuildStage<IReadOnlyList<Track>, SerializedSnapshot>
{
    public string Name => "serialize";

    public ValueTask<StageResult<SerializedSnapshot>> RunAsync(IReadOnlyList<Track> tracks, CancellationToken cancellationToken)
    {
        var createdAt = clock.GetUtcNow();
        createdAt = createdAt.AddTicks(-(createdAt.Ticks % TimeSpan.TicksPerSecond));
        string version = $"{createdAt:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var written = SnapshotWriter.Write(version, createdAt, tracks);
        var manifest = Manifest.Of(version, createdAt, written.Blob, written.TrackCount, written.ResolvableCount, written.ContentSha256);
        return ValueTask.FromResult(new StageResult<SerializedSnapshot>(new SerializedSnapshot(written, manifest), tracks.Count));
    }
}
