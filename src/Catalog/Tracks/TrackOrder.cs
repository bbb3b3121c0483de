namespace Layers.Catalog.Tracks;

/// <summary>The catalog's one sort order (docs/contract/http-api.md): userCount descending, then id ascending (ordinal).</summary>
public sealed class TrackOrder : IComparer<Track>
{
    public static readonly TrackOrder Instance = new();

    public int Compare(Track? x, Track? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int byPopularity = y.UserCount.CompareTo(x.UserCount);
        return byPopularity != 0 ? byPopularity : string.CompareOrdinal(x.Id, y.Id);
    }
}
