using System.Text.Json;
using Layers.Catalog.Snapshots;

namespace Layers.SnapshotBuilder.Fleet;

/// <summary>A track as a diff names it. <see cref="Rank"/> is its 1-based place in the list; null when it is resolvable but not trending.</summary>
public sealed record DiffTrack(string Id, string Title, string Author, int? Rank);

/// <summary>A track in both snapshots whose public fields or rank differ.</summary>
public sealed record ChangedTrack(string Id, string Title, IReadOnlyList<string> Fields, int? RankFrom, int? RankTo);

/// <summary>What changed between two snapshots: what an operator reads before rolling a bad build back.</summary>
public sealed record SnapshotDiff(string From, string To, IReadOnlyList<DiffTrack> Added, IReadOnlyList<DiffTrack> Removed, IReadOnlyList<ChangedTrack> Changed)
{
    public int RankMoves => Changed.Count(c => c.RankFrom != c.RankTo);

    /// <summary>Compares every resolvable track by id: its detail fields (the public JSON, <c>tiktokMusicLink</c> and <c>trending</c> included) and its rank.</summary>
    public static SnapshotDiff Between(LoadedSnapshot from, LoadedSnapshot to)
    {
        var before = Tracks(from.Decoded);
        var after = Tracks(to.Decoded);
        var added = after.Values.Where(t => !before.ContainsKey(t.Id)).Select(t => t.AsDiffTrack()).OrderBy(Rank).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        var removed = before.Values.Where(t => !after.ContainsKey(t.Id)).Select(t => t.AsDiffTrack()).OrderBy(Rank).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        var changed = new List<ChangedTrack>();
        foreach (var now in after.Values)
        {
            if (!before.TryGetValue(now.Id, out var then))
            {
                continue;
            }
            var fields = now.Fields.Keys.Union(then.Fields.Keys)
                .Where(name => now.Fields.GetValueOrDefault(name) != then.Fields.GetValueOrDefault(name))
                .ToList();
            if (fields.Count > 0 || now.Rank != then.Rank)
            {
                changed.Add(new ChangedTrack(now.Id, now.Title, fields, then.Rank, now.Rank));
            }
        }
        changed.Sort((a, b) => Rank(a.RankTo).CompareTo(Rank(b.RankTo)) is var byRank && byRank != 0 ? byRank : string.CompareOrdinal(a.Id, b.Id));
        return new SnapshotDiff(from.Version, to.Version, added, removed, changed);
    }

    private static int Rank(DiffTrack track) => Rank(track.Rank);

    private static int Rank(int? rank) => rank ?? int.MaxValue;

    private sealed record TrackFields(string Id, string Title, string Author, int? Rank, Dictionary<string, string> Fields)
    {
        public DiffTrack AsDiffTrack() => new(Id, Title, Author, Rank);
    }

    private static Dictionary<string, TrackFields> Tracks(DecodedSnapshot snapshot)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var list = JsonDocument.Parse(snapshot.ListBody(ContentEncoding.Identity).Data))
        {
            int rank = 0;
            foreach (var track in list.RootElement.GetProperty("tracks").EnumerateArray())
            {
                ranks[track.GetProperty("id").GetString()!] = ++rank;
            }
        }
        var tracks = new Dictionary<string, TrackFields>(StringComparer.Ordinal);
        foreach (var entry in snapshot.Tracks)
        {
            using var detail = JsonDocument.Parse(entry.DetailBody);
            var fields = detail.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
            string id = entry.Id.ToString();
            tracks[id] = new TrackFields(id, Text(detail, "title"), Text(detail, "author"), ranks.TryGetValue(id, out int r) ? r : null, fields);
        }
        return tracks;
    }

    private static string Text(JsonDocument detail, string name) =>
        detail.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
