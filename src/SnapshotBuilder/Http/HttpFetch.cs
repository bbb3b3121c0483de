using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Layers.SnapshotBuilder.Http;

/// <summary>A fetch that failed for good: after retries, or for a reason retrying cannot fix.</summary>
public sealed class FetchException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Stable token: <c>too_large</c>, <c>http_404</c>, <c>timeout</c>, <c>unreachable</c>, …</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// The builder's one way to GET something over HTTP: every attempt bounded in time, the body bounded in
/// size while it streams, and 429 / 5xx / timeouts / connection failures retried with exponential backoff
/// and jitter (Polly). Anything else — 4xx, an oversized body — fails at once.
/// </summary>
public sealed class HttpFetch(HttpClient http, TimeSpan attemptTimeout, int maxRetries = 3, TimeSpan? firstRetryDelay = null)
{
    private readonly ResiliencePipeline _pipeline = Pipeline(attemptTimeout, maxRetries, firstRetryDelay ?? TimeSpan.FromMilliseconds(500));

    private static ResiliencePipeline Pipeline(TimeSpan attemptTimeout, int maxRetries, TimeSpan firstRetryDelay)
    {
        var builder = new ResiliencePipelineBuilder();
        if (maxRetries > 0) // Polly refuses a retry strategy of zero attempts
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                // IOException: the connection broke mid-body (a truncated response), which a retry may well fix.
                ShouldHandle = new PredicateBuilder().Handle<TransientFetchException>().Handle<HttpRequestException>().Handle<TimeoutRejectedException>().Handle<IOException>(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxRetryAttempts = maxRetries,
                Delay = firstRetryDelay,
            });
        }
        return builder.AddTimeout(attemptTimeout).Build();
    }

    /// <summary>The body and its Content-Type. Throws <see cref="FetchException"/>.</summary>
    /// <param name="header">A secret header to send (never part of any message).</param>
    /// <param name="transientProblem">
    /// For APIs that report throttling inside a 200 answer: returns why a body should be retried (like a 429), or null to accept it.
    /// </param>
    public async Task<(byte[] Body, string? ContentType)> GetAsync(Uri uri, long maxBytes, string? accept, CancellationToken cancellationToken,
        SecretHeader? header = null, Func<byte[], string?>? transientProblem = null)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                if (accept is not null)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
                }
                if (header is not null)
                {
                    request.Headers.TryAddWithoutValidation(header.Name, header.Value);
                }
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                {
                    throw new TransientFetchException($"{uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}");
                }
                if (!response.IsSuccessStatusCode)
                {
                    throw new FetchException($"http_{(int)response.StatusCode}", $"{uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}");
                }
                if (response.Content.Headers.ContentLength > maxBytes)
                {
                    throw new FetchException("too_large", $"{uri.GetLeftPart(UriPartial.Path)} is {response.Content.Headers.ContentLength} bytes, over the cap of {maxBytes}");
                }
                await using var body = await response.Content.ReadAsStreamAsync(token);
                byte[] bytes = await ReadCappedAsync(body, maxBytes, uri, token);
                if (transientProblem?.Invoke(bytes) is { } problem)
                {
                    throw new TransientFetchException(problem);
                }
                return (bytes, response.Content.Headers.ContentType?.MediaType);
            }, cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw new FetchException("timeout", $"{uri.GetLeftPart(UriPartial.Path)} did not answer within {attemptTimeout.TotalSeconds:0.#} s ({maxRetries + 1} attempts)", e);
        }
        catch (TransientFetchException e)
        {
            throw new FetchException("unavailable", $"{e.Message} ({maxRetries + 1} attempts)", e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            throw new FetchException("truncated", $"{uri.GetLeftPart(UriPartial.Path)}: the body broke off: {e.Message} ({maxRetries + 1} attempts)", e);
        }
        catch (HttpRequestException e)
        {
            throw new FetchException("unreachable", $"{uri.GetLeftPart(UriPartial.Path)}: {e.Message} ({maxRetries + 1} attempts)", e);
        }
        catch (IOException e)
        {
            throw new FetchException("truncated", $"{uri.GetLeftPart(UriPartial.Path)}: the body broke off: {e.Message} ({maxRetries + 1} attempts)", e);
        }
    }

    internal static async Task<byte[]> ReadCappedAsync(Stream body, long maxBytes, Uri uri, CancellationToken token)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, token)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new FetchException("too_large", $"{uri.GetLeftPart(UriPartial.Path)} is over the cap of {maxBytes} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private sealed class TransientFetchException(string message) : Exception(message);
}
