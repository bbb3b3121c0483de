using System.Runtime.CompilerServices;
using System.Text.Json;
using Layers.SnapshotBuilder.Feed.Formats;

namespace Layers.SnapshotBuilder.Feed;

/// <summary>
/// A source read in one format (docs/contract/feed-formats.md <c>--source-format</c>): every item is handed on in the Layers shape, so
/// validation, dedupe and media stay one path whatever the upstream speaks. In auto mode the envelope has already
/// said where the items are; the first item that is a JSON object says which format they are in, and a source whose
/// first object has none of the formats' fields fails (nothing is guessed). An item the format cannot map is passed
/// on with its reason: one bad item never fails a build.
/// </summary>
public sealed class FormattedFeedSource(IFeedSource source, SourceFormat format) : IFeedSource
{
    private static readonly IItemFormat[] Formats = [new LayersFormat(), new TikTokCmlFormat(), new TikTokMusicFormat()];

    public string Description => source.Description;

    public IReadOnlyList<FeedOrigin> Origins => source.Origins;

    public async IAsyncEnumerable<FeedRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IItemFormat? decided = format == SourceFormat.Auto ? null : Formats.Single(f => f.Format == format);
        var undecided = new List<FeedRecord>(); // records before the first object, while auto has not decided
        await using var records = source.ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await NextAsync(records))
        {
            var record = records.Current;
            if (decided is null)
            {
                if (record.MalformedError is not null || record.Item.ValueKind != JsonValueKind.Object)
                {
                    undecided.Add(record);
                    continue;
                }
                decided = Formats.FirstOrDefault(f => f.Recognizes(record.Item))
                    ?? throw new FeedException($"{source.Description}: cannot tell its format from its first item (fields: {FieldNames(record.Item)}); " +
                                               $"give --source-format {string.Join('|', SourceFormats.AllNames.Skip(1))}");
                foreach (var earlier in undecided)
                {
                    earlier.Origin.Format = decided.Format.Name();
                    yield return earlier;
                }
                undecided.Clear();
            }
            record.Origin.Format = decided.Format.Name();
            yield return record.MalformedError is null && record.InvalidReason is null ? decided.ToLayers(record) : record;
        }
        foreach (var earlier in undecided)
        {
            yield return earlier; // no object at all: nothing to map, and nothing to decide
        }
    }

    /// <summary>The next record; a failing source names itself, since several may merge.</summary>
    private async ValueTask<bool> NextAsync(IAsyncEnumerator<FeedRecord> records)
    {
        try
        {
            return await records.MoveNextAsync();
        }
        catch (FeedException e) when (!e.Message.StartsWith(source.Description, StringComparison.Ordinal))
        {
            throw new FeedException($"{source.Description}: {e.Message}", e);
        }
    }

    private static string FieldNames(JsonElement item)
    {
        var names = item.EnumerateObject().Select(p => p.Name).Take(12).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names.Select(n => n.Length > 40 ? n[..40] + "…" : n));
    }
}
