namespace Layers.TestSupport;

/// <summary>A page of a Layers paged feed (docs/contract/feed-formats.md), as fixture servers answer it.</summary>
public static class FeedPage
{
    /// <summary>The page's items (raw JSON) and the cursor of the next page, null on the last.</summary>
    public static string Json(IEnumerable<string> items, string? next) =>
        $"{{\"items\":[{string.Join(',', items)}],\"nextCursor\":{(next is null ? "null" : $"\"{next}\"")}}}";
}
