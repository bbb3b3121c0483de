using System.Text.Json;
using System.Text.Json.Serialization;
using Layers.Catalog.Stores;
using Layers.Catalog.Tracks;

namespace Layers.SnapshotBuilder.Pipeline;

/// <summary>
/// Tracks seen in the last <see cref="Window"/> stay resolvable by id after they leave the trending list
/// (docs/contract/http-api.md), so a post scheduled days ahead still resolves its track. The builder keeps when each track
/// was last seen in <c>catalog/retention.json</c>; retained tracks travel in the snapshot with
/// <c>trending:false</c>, their media still at their permanent URLs (media is never deleted).
/// </summary>
public sealed class Retention(IObjectStore store)
{
    public const string Key = "catalog/retention.json";
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    public sealed record Seen(
        string Id, string MusicId, string Title, string Author, string Album, int Duration, string Language,
        long UserCount, bool IsCommerceMusic, string Link, DateTimeOffset LastSeen);

    public sealed record State(int FormatVersion, IReadOnlyList<Seen> Tracks);

    public sealed record Loaded(IReadOnlyList<Seen> Tracks, string? ETag);

    public async Task<Loaded> LoadAsync(CancellationToken cancellationToken)
    {
        var read = await store.ReadAsync(Key, 256L * 1024 * 1024, cancellationToken: cancellationToken);
        if (read.Status != ReadStatus.Found)
        {
            return new Loaded([], null);
        }
        try
        {
            var state = JsonSerializer.Deserialize(read.Content, RetentionJsonContext.Default.State);
            return new Loaded(state?.Tracks ?? [], read.ETag);
        }
        catch (JsonException)
        {
            return new Loaded([], read.ETag); // Unreadable: start over rather than fail every build.
        }
    }

    /// <summary>Trending tracks, then the retained ones (not trending, last seen within the window), and the state to save.</summary>
    public static (List<Track> Tracks, List<Seen> State) Merge(IReadOnlyList<Track> trending, IReadOnlyList<Seen> previous, DateTimeOffset now, string mediaBaseUrl)
    {
        var current = new HashSet<string>(trending.Select(t => t.Id), StringComparer.Ordinal);
        var state = trending.Select(t => new Seen(t.Id, t.MusicId, t.Title, t.Author, t.Album, t.Duration, t.Language, t.UserCount, t.IsCommerceMusic, t.TikTokMusicLink, now)).ToList();
        var retained = previous
            .Where(p => !current.Contains(p.Id) && now - p.LastSeen <= Window)
            .GroupBy(p => p.Id, StringComparer.Ordinal).Select(g => g.MaxBy(p => p.LastSeen)!)
            .ToList();
        state.AddRange(retained);
        var tracks = trending.Concat(retained
            .Select(p => new Track(p.Id, p.MusicId, p.Title, p.Author, p.Album, p.Duration, MediaUrls.PreviewUrl(mediaBaseUrl, p.Id),
                MediaUrls.CoverUrl(mediaBaseUrl, p.Id), p.Language, p.UserCount, p.IsCommerceMusic, p.Link, Trending: false))
            .OrderBy(t => t, TrackOrder.Instance)).ToList();
        return (tracks, state);
    }

    /// <summary>Saves the state if nobody else did since it was loaded; losing that race only delays a last-seen date.</summary>
    public async Task SaveAsync(IReadOnlyList<Seen> state, string? etag, CancellationToken cancellationToken)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new State(1, state), RetentionJsonContext.Default.State);
        await store.TryPutAsync(Key, json, etag is null ? Precondition.Absent : Precondition.Matches(etag), ObjectHeaders.Json, cancellationToken);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Retention.State))]
internal sealed partial class RetentionJsonContext : JsonSerializerContext;
