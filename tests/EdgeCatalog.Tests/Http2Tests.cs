using System.IO.Compression;
using System.Text.Json;
using ZstdSharp;

namespace Layers.EdgeCatalog.Tests;

/// <summary>The edge over HTTP/2 (TLS, ALPN h2) with .NET's HTTP/2 client: every route and coding answers as HTTP/1.1 does.</summary>
public sealed class TlsEdgeFixture : IAsyncLifetime
{
    public TlsEdge Tls { get; private set; } = null!;

    public string TrackId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Tls = await TlsEdge.StartAsync();
        using var list = JsonDocument.Parse((await Tls.Setup.GetAsync()).Body);
        TrackId = list.RootElement.GetProperty("tracks")[0].GetProperty("id").GetString()!;
    }

    public Task DisposeAsync()
    {
        Tls?.Dispose();
        return Task.CompletedTask;
    }
}

public class Http2Tests(TlsEdgeFixture fixture) : IClassFixture<TlsEdgeFixture>
{
    private const string List = "/v1/tiktok-music";
    private const string Track = "/v1/tiktok-music/{id}";

    public static TheoryData<string, string, string?, bool> Requests()
    {
        var data = new TheoryData<string, string, string?, bool>();
        foreach (string path in new[] { List, Track })
        {
            foreach (string? coding in new[] { null, "gzip", "br", "zstd", "gzip, br, zstd" })
            {
                data.Add("GET", path, coding, true);
            }
            data.Add("HEAD", path, "br", true);
            data.Add("GET", path, null, false); // 401
        }
        data.Add("GET", "/v1/tiktok-music/00000000-0000-0000-0000-000000000000", null, true); // 404
        data.Add("GET", "/healthz", null, false);
        data.Add("GET", "/readyz", null, false);
        data.Add("GET", "/openapi/v1.json", null, false);
        data.Add("GET", "/no-such-route", null, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Every_route_and_coding_answers_over_http2_as_over_http11(string method, string path, string? acceptEncoding, bool withKey)
    {
        using var h2 = fixture.Tls.HttpsClient(HttpVersion.Version20);
        using var viaH2 = await h2.SendAsync(TlsEdge.Exact(h2, Request(method, path, acceptEncoding, withKey)));
        using var viaH1 = await fixture.Tls.Edge.Client.SendAsync(Request(method, path, acceptEncoding, withKey));

        Assert.Equal(HttpVersion.Version20, viaH2.Version);
        Assert.Equal(viaH1.StatusCode, viaH2.StatusCode);
        foreach (string header in new[] { "ETag", "Vary", "Cache-Control", "WWW-Authenticate" })
        {
            Assert.Equal(Values(viaH1, header), Values(viaH2, header));
        }
        Assert.Equal(viaH1.Content.Headers.ContentType, viaH2.Content.Headers.ContentType);
        Assert.Equal(viaH1.Content.Headers.ContentEncoding, viaH2.Content.Headers.ContentEncoding);
        byte[] body = await viaH2.Content.ReadAsByteArrayAsync();
        // The OpenAPI document names the address it was asked at; the rest must be the same bytes.
        byte[] comparable = path == "/openapi/v1.json"
            ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace(fixture.Tls.HttpsAddress.ToString().TrimEnd('/'), fixture.Tls.Edge.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal))
            : body;
        Assert.Equal(await viaH1.Content.ReadAsByteArrayAsync(), comparable);
        if (viaH2.StatusCode == HttpStatusCode.OK && method == "GET" && path.StartsWith(List, StringComparison.Ordinal))
        {
            // Not just the same bytes: bytes that decode to the JSON document.
            using var document = JsonDocument.Parse(Decode(viaH2.Content.Headers.ContentEncoding.SingleOrDefault(), body));
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        }
    }

    [Theory]
    [InlineData(List, null)]
    [InlineData(List, "gzip")]
    [InlineData(List, "br")]
    [InlineData(List, "zstd")]
    [InlineData(Track, null)]
    [InlineData(Track, "gzip")]
    [InlineData(Track, "br")]
    [InlineData(Track, "zstd")]
    public async Task If_none_match_gives_304_over_http2(string path, string? acceptEncoding)
    {
        using var h2 = fixture.Tls.HttpsClient(HttpVersion.Version20);
        using var first = await h2.SendAsync(TlsEdge.Exact(h2, Request("GET", path, acceptEncoding, true)));
        Assert.Equal(HttpVersion.Version20, first.Version);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        string etag = first.Headers.ETag!.Tag;

        var conditional = Request("GET", path, acceptEncoding, true);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var second = await h2.SendAsync(TlsEdge.Exact(h2, conditional));
        Assert.Equal(HttpVersion.Version20, second.Version);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag!.Tag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    private HttpRequestMessage Request(string method, string path, string? acceptEncoding, bool withKey)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", fixture.TrackId, StringComparison.Ordinal));
        if (withKey)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {fixture.Tls.Setup.Key}");
        }
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        return request;
    }

    private static string[] Values(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? [.. values] : [];

    private static byte[] Decode(string? coding, byte[] body) => coding switch
    {
        null => body,
        "gzip" => Inflate(new GZipStream(new MemoryStream(body), CompressionMode.Decompress)),
        "br" => Inflate(new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)),
        "zstd" => new Decompressor().Unwrap(body).ToArray(),
        _ => throw new ArgumentException($"unexpected coding {coding}"),
    };

    private static byte[] Inflate(Stream stream)
    {
        using var output = new MemoryStream();
        stream.CopyTo(output);
        stream.Dispose();
        return output.ToArray();
    }
}
