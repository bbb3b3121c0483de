using System.Text.Json;

namespace Layers.SnapshotBuilder.Feed;

/// <summary>
/// Where the items are in a parsed page or file: the paged envelope <c>{"items":[…],"nextCursor":…}</c> (docs/contract/feed-formats.md),
/// TikTok API for Business's <c>{"code":0,"message":…,"request_id":…,"data":{"list":[…]}}</c> (one page), or a
/// bare JSON array. TikTok's envelope with a non-zero <c>code</c> is a failed source, named by TikTok's message and
/// request id.
/// </summary>
public static class FeedEnvelope
{
    /// <summary>TikTok's "requests too frequent": retried with backoff, like an HTTP 429.</summary>
    public const long TikTokRateLimited = 40100;

    public readonly record struct Page(JsonElement Items, string? NextCursor);

    /// <summary>Throws <see cref="FeedException"/> when <paramref name="root"/> is none of the three.</summary>
    public static Page Read(JsonElement root, string where, Http.SecretHeader? secret = null)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return new Page(root, null);
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            return new Page(items, NextCursor(root, where));
        }
        if (IsTikTokEnvelope(root))
        {
            if (TikTokCode(root) != 0)
            {
                throw new FeedException($"{where}: {DescribeTikTokError(root, secret)}");
            }
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("list", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                return new Page(list, null);
            }
            throw new FeedException($"{where}: TikTok answered code 0 without a \"data\":{{\"list\":[…]}} ({RequestId(root)})");
        }
        throw new FeedException($"{where} is not a JSON array, an object with an \"items\" array, or TikTok's {{\"code\":…,\"data\":{{\"list\":[…]}}}}");
    }

    /// <summary>
    /// Why a raw answer should be retried: TikTok's envelope saying "rate limited" or a server-side error (5xxxx).
    /// Null for anything else, including bodies that are not TikTok's envelope or not JSON.
    /// </summary>
    public static string? TransientTikTokProblem(byte[] body, Http.SecretHeader? secret)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            return IsTikTokEnvelope(root) && TikTokCode(root) is TikTokRateLimited or (>= 50000 and < 60000) ? DescribeTikTokError(root, secret) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsTikTokEnvelope(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
        && (root.TryGetProperty("request_id", out _) || root.TryGetProperty("data", out _) || root.TryGetProperty("message", out _));

    private static long TikTokCode(JsonElement root) => root.GetProperty("code").TryGetInt64(out long code) ? code : -1;

    private static string DescribeTikTokError(JsonElement root, Http.SecretHeader? secret)
    {
        string message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
        if (message.Length > 300)
        {
            message = message[..300] + "…";
        }
        string text = $"TikTok answered code {root.GetProperty("code").GetRawText()}: \"{message}\" ({RequestId(root)})";
        return secret?.Redact(text) ?? text;
    }

    private static string RequestId(JsonElement root) =>
        root.TryGetProperty("request_id", out var id) && id.ValueKind == JsonValueKind.String ? $"request_id {id.GetString()}" : "no request_id";

    private static string? NextCursor(JsonElement root, string where) =>
        root.TryGetProperty("nextCursor", out var next) ? next.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => next.GetString(),
            _ => throw new FeedException($"{where} has a nextCursor that is not a string or null"),
        } : null;
}
