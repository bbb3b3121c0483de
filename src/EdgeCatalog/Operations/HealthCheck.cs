namespace Layers.EdgeCatalog.Operations;

/// <summary>
/// <c>EdgeCatalog healthcheck</c>: GETs <c>$LAYERS_HEALTHCHECK_URL</c> (default <c>http://127.0.0.1:8080/healthz</c>,
/// the port Dockerfile.aot listens on) and exits 0 on 200, 1 otherwise, within 3 s.
/// </summary>
internal static class HealthCheck
{
    public const string DefaultUrl = "http://127.0.0.1:8080/healthz";

    public static async Task<int> RunAsync()
    {
        string url = Environment.GetEnvironmentVariable("LAYERS_HEALTHCHECK_URL") is { Length: > 0 } configured ? configured : DefaultUrl;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            Console.WriteLine($"{url}: {e.Message}");
            return 1;
        }
    }
}
