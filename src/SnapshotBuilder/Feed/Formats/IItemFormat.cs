using System.Text.Json;

namespace Layers.SnapshotBuilder.Feed.Formats;

/// <summary>One source format: how to recognise its items, and how to map one to the Layers item of docs/contract/feed-formats.md.</summary>
internal interface IItemFormat
{
    SourceFormat Format { get; }

    /// <summary>Whether an object has this format's fields (auto mode looks at a source's first object).</summary>
    bool Recognizes(JsonElement item);

    /// <summary>
    /// The record with its item in the Layers shape, or with <see cref="FeedRecord.InvalidReason"/> set. Values are
    /// moved, not judged: the item validator checks types and ranges for every format alike.
    /// </summary>
    FeedRecord ToLayers(FeedRecord record);
}

/// <summary>The Layers item itself.</summary>
internal sealed class LayersFormat : IItemFormat
{
    public SourceFormat Format => SourceFormat.Layers;

    public bool Recognizes(JsonElement item) => item.TryGetProperty("musicId", out _);

    public FeedRecord ToLayers(FeedRecord record) => record;
}
