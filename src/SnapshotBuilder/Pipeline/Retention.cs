using System.Diagnostics.CodeAnalysis;
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

    /// <summary>A track's facts and when a build last saw it trending (its id is written too, derived from its music id).</summary>
    public sealed record Seen : TrackFacts
    {
        public required DateTimeOffset LastSeen { get; init; }

        public Seen()
        {
        }

        [SetsRequiredMembers]
        public Seen(TrackFacts facts, DateTimeOffset lastSeen) : base(facts) => LastSeen = lastSeen;
    }

    public sealed record State(int FormatVersion, IReadOnlyList<Seen> Tracks);

    public sealed record Loaded(IReadOnlyList<Seen> Tracks, string? ETag);

    /// <summary>The state to save once the build is announced, and the ETag of the one it replaces.</summary>
    public sealed record Update(IReadOnlyList<Seen> State, string? ETag);

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

    /// <summary>Trending tracks, then the retained ones (not trending, last seen within the window), each sorted, and the state to save.</summary>
    public static (List<Track> Tracks, List<Seen> State) Merge(IReadOnlyList<TrackFacts> trending, IReadOnlyList<Seen> previous, DateTimeOffset now, string mediaBaseUrl)
    {
        var state = trending.Select(t => new Seen(t, now)).ToList();
        var current = new HashSet<string>(state.Select(s => s.Id), StringComparer.Ordinal);
        var retained = previous
            .Where(p => !current.Contains(p.Id) && now - p.LastSeen <= Window)
            .GroupBy(p => p.Id, StringComparer.Ordinal).Select(g => g.MaxBy(p => p.LastSeen)!)
            .ToList();
        state.AddRange(retained);
        var tracks = Sorted(trending, mediaBaseUrl, trending: true).Concat(Sorted(retained, mediaBaseUrl, trending: false)).ToList();
        return (tracks, state);
    }

    private static IEnumerable<Track> Sorted(IEnumerable<TrackFacts> facts, string mediaBaseUrl, bool trending) =>
        facts.Select(f => f.ToTrack(mediaBaseUrl, trending)).OrderBy(t => t, TrackOrder.Instance);

    /// <summary>Saves the state if nobody else did since it was loaded; losing that race only delays a last-seen date.</summary>
    public async Task SaveAsync(Update update, CancellationToken cancellationToken)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new State(1, update.State), RetentionJsonContext.Default.State);
        var precondition = update.ETag is null ? Precondition.Absent : Precondition.Matches(update.ETag);
        await store.TryPutAsync(Key, json, precondition, ObjectHeaders.Json, cancellationToken);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Retention.State))]
internal sealed partial class RetentionJsonContext : JsonSerializerContext;
