using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Layers.PublishClient;

/// <summary>What a refresh found.</summary>
public enum RefreshResult
{
    /// <summary>A new catalog was fetched and is now <see cref="TikTokMusicCatalogClient.Current"/>.</summary>
    Updated,

    /// <summary>The edge answered 304: the catalog held is still current.</summary>
    NotModified,
}

/// <summary>
/// Keeps the last good copy of the Layers TikTok music catalog. It polls <c>GET /v1/tiktok-music</c> with
/// <c>If-None-Match</c>, so an unchanged catalog costs a 304. It decodes zstd, br and gzip bodies itself,
/// under a size cap. Through 5xx answers, timeouts and outages it keeps the catalog it has.
/// Thread-safe; meant to be one instance per process (a singleton).
/// </summary>
/// <example>
/// <code>
/// var client = new TikTokMusicCatalogClient(new HttpClient(), new CatalogClientOptions
/// {
///     BaseAddress = new Uri("https://catalog.layers.com/"),
///     ApiKey = Environment.GetEnvironmentVariable("LAYERS_API_KEY")!,
/// });
/// await client.RefreshAsync();
/// foreach (var track in client.Current!.Tracks) Console.WriteLine($"{track.Title} — {track.Author}");
/// </code>
/// </example>
public sealed class TikTokMusicCatalogClient
{
    private const string ListPath = "v1/tiktok-music";

    private readonly Func<HttpClient> _http;
    private readonly CatalogClientOptions _options;
    private readonly TimeProvider _time;
    private volatile CatalogSnapshot? _current;
    private volatile CatalogClientException? _lastError;

    /// <summary>Creates a client over one <see cref="HttpClient"/> that the caller owns.</summary>
    public TikTokMusicCatalogClient(HttpClient http, CatalogClientOptions options, TimeProvider? time = null)
        : this(() => http, options, time)
    {
        ArgumentNullException.ThrowIfNull(http);
    }

    /// <summary>Creates a client that takes a fresh <see cref="HttpClient"/> from <paramref name="factory"/> for each request (handler rotation, DNS changes).</summary>
    public TikTokMusicCatalogClient(IHttpClientFactory factory, string httpClientName, CatalogClientOptions options, TimeProvider? time = null)
        : this(() => factory.CreateClient(httpClientName), options, time)
    {
        ArgumentNullException.ThrowIfNull(factory);
    }

    private TikTokMusicCatalogClient(Func<HttpClient> http, CatalogClientOptions options, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException("CatalogClientOptions.ApiKey is required", nameof(options));
        }
        _http = http;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The last good catalog, or null before the first successful refresh.</summary>
    public CatalogSnapshot? Current => _current;

    /// <summary>The error of the last refresh, or null when it succeeded.</summary>
    public CatalogClientException? LastError => _lastError;

    /// <summary>
    /// Fetches the catalog unless it is unchanged. On any failure <see cref="Current"/> is kept.
    /// </summary>
    /// <exception cref="CatalogAuthenticationException">401: the key is missing, unknown, revoked or expired.</exception>
    /// <exception cref="CatalogForbiddenException">403: the key lacks <c>publish:read</c>.</exception>
    /// <exception cref="CatalogUnavailableException">5xx, timeout, no connection, or an undecodable body.</exception>
    public async Task<RefreshResult> RefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var held = _current;
            var result = await SendAsync(ListPath, held?.ETag, async (response, token) =>
            {
                if (response.StatusCode == HttpStatusCode.NotModified && held is not null)
                {
                    _current = held.Confirmed(_time.GetUtcNow());
                    return RefreshResult.NotModified;
                }
                EnsureSuccess(response);
                byte[] body = await ResponseBody.ReadAsync(response.Content, _options.MaxResponseBytes, token);
                var list = Deserialize(body, ClientJsonContext.Default.ListBody);
                string etag = response.Headers.ETag?.Tag ?? throw new CatalogUnavailableException("the catalog response has no ETag");
                _current = new CatalogSnapshot(list.Tracks, etag, _time.GetUtcNow());
                return RefreshResult.Updated;
            }, cancellationToken);
            _lastError = null;
            return result;
        }
        catch (CatalogClientException e)
        {
            _lastError = e;
            throw;
        }
    }

    /// <summary>
    /// Polls until <paramref name="cancellationToken"/> is cancelled: every <see cref="CatalogClientOptions.PollInterval"/> while
    /// all is well, backing off exponentially (up to <see cref="CatalogClientOptions.MaxBackoff"/>) after failures, which are
    /// kept in <see cref="LastError"/> and never end the loop. Host it in a BackgroundService.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(cancellationToken);
                failures = 0;
            }
            catch (CatalogClientException)
            {
                failures++;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            var delay = _options.PollInterval;
            for (int i = 0; i < failures && delay < _options.MaxBackoff; i++)
            {
                delay *= 2;
            }
            delay = delay > _options.MaxBackoff && failures > 0 ? _options.MaxBackoff : delay;
            try
            {
                await Task.Delay(delay * (0.9 + Random.Shared.NextDouble() * 0.2), _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// A track by id: from the held catalog when it is trending, else from <c>GET /v1/tiktok-music/{id}</c> (a track seen in
    /// the last 30 days stays resolvable). Null when the edge does not know it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="trackId"/> is not a UUID.</exception>
    public async Task<CatalogTrack?> FindTrackAsync(string trackId, CancellationToken cancellationToken = default)
    {
        if (_current is { } catalog && catalog.TryGetTrack(trackId, out var track))
        {
            return track;
        }
        return (await GetTrackDetailAsync(trackId, cancellationToken))?.Track;
    }

    /// <summary>The track's detail (<c>GET /v1/tiktok-music/{id}</c>) with its TikTok music link; null when unknown (404).</summary>
    /// <exception cref="ArgumentException"><paramref name="trackId"/> is not a UUID.</exception>
    public async Task<CatalogTrackDetail?> GetTrackDetailAsync(string trackId, CancellationToken cancellationToken = default)
    {
        if (!TrackIds.IsWellFormed(trackId))
        {
            throw new ArgumentException($"'{trackId}' is not a track id (a UUID)", nameof(trackId));
        }
        return await SendAsync($"{ListPath}/{trackId.ToLowerInvariant()}", null, async (response, token) =>
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            EnsureSuccess(response);
            byte[] body = await ResponseBody.ReadAsync(response.Content, _options.MaxResponseBytes, token);
            var extras = Deserialize(body, ClientJsonContext.Default.DetailExtras);
            return new CatalogTrackDetail(Deserialize(body, ClientJsonContext.Default.CatalogTrack), extras.TiktokMusicLink, extras.Trending);
        }, cancellationToken);
    }

    private async Task<T> SendAsync<T>(string path, string? ifNoneMatch, Func<HttpResponseMessage, CancellationToken, Task<T>> handle, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        var http = _http();
        var baseAddress = _options.BaseAddress ?? http.BaseAddress ?? throw new InvalidOperationException("no BaseAddress: set CatalogClientOptions.BaseAddress or HttpClient.BaseAddress");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        foreach (string coding in _options.AcceptEncodings)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(coding));
        }
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return await handle(response, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CatalogUnavailableException($"the catalog did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new CatalogUnavailableException($"the catalog could not be reached: {e.Message}", e);
        }
    }

    private static void EnsureSuccess(HttpResponseMessage response)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                return;
            case HttpStatusCode.Unauthorized:
                throw new CatalogAuthenticationException("the catalog refused the API key (401): it is missing, unknown, revoked or expired");
            case HttpStatusCode.Forbidden:
                throw new CatalogForbiddenException("the API key lacks the publish:read scope (403)");
            default:
                throw new CatalogUnavailableException($"the catalog answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    private static T Deserialize<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new CatalogUnavailableException("the catalog answered null");
        }
        catch (JsonException e)
        {
            throw new CatalogUnavailableException($"the catalog's JSON does not parse: {e.Message}", e);
        }
    }
}

/// <summary>Track ids are UUIDs in their 36-character form.</summary>
internal static class TrackIds
{
    public static bool IsWellFormed(string? trackId) => trackId is { Length: 36 } && Guid.TryParseExact(trackId, "D", out _);
}
