using System.IO.Compression;
using System.Text.Json;
using ZstdSharp;

namespace Layers.EdgeCatalog.Tests;

/// <summary>docs/contract/http-api.md against the published Native-AOT binary, over real HTTP on 127.0.0.1.</summary>
public class EdgeHttpTests(EdgeFixture fixture) : IClassFixture<EdgeFixture>
{
    private const string Path = "/v1/tiktok-music";
    private HttpClient Client => fixture.Edge.Client;

    private async Task<HttpResponseMessage> Get(string? key, string path = Path, HttpMethod? method = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {key}");
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await Client.SendAsync(request);
    }

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        using var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(["error"], body.RootElement.EnumerateObject().Select(p => p.Name));
    }

    private byte[] Identity => fixture.Snapshot.ListBody(ContentEncoding.Identity).Data.ToArray();

    [Fact]
    public async Task Authorized_get_returns_the_snapshot_body_with_contract_headers()
    {
        using var response = await Get(fixture.ReaderKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(Identity, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Identity.Length, response.Content.Headers.ContentLength);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Matches("^\"[0-9a-f]{32}\"$", response.Headers.ETag.Tag);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.NotNull(response.Headers.CacheControl);

        using var doc = JsonDocument.Parse(Identity);
        Assert.Equal(232, doc.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(["tracks", "total"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["id", "title", "author", "album", "duration", "previewUrl", "coverUrl", "language", "userCount", "isCommerceMusic"],
            doc.RootElement.GetProperty("tracks")[0].EnumerateObject().Select(p => p.Name));
    }

    /// <summary>An Accept-Encoding header and the coding the edge answers it with.</summary>
    public static TheoryData<string, string> Negotiations => new()
    {
        { "gzip", "gzip" },
        { "br", "br" },
        { "zstd", "zstd" },
        { "gzip, deflate, br, zstd", "zstd" }, // the smallest of those offered
        { "br;q=0.4, gzip;q=0.9", "gzip" },    // the client's preference first
    };

    [Theory]
    [MemberData(nameof(Negotiations))]
    public async Task Each_coding_decodes_to_the_same_body_under_its_own_etag(string accept, string coding)
    {
        using var plain = await Get(fixture.ReaderKey);
        using var response = await Get(fixture.ReaderKey, headers: ("Accept-Encoding", accept));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([coding], response.Content.Headers.ContentEncoding);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        byte[] decoded = coding switch
        {
            "gzip" => Inflate(new GZipStream(new MemoryStream(body), CompressionMode.Decompress)),
            "br" => Inflate(new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)),
            _ => new Decompressor().Unwrap(body).ToArray(),
        };
        Assert.Equal(Identity, decoded);
        Assert.NotEqual(plain.Headers.ETag!.Tag, response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Brotli_then_if_none_match_gives_200_then_304()
    {
        using var first = await Get(fixture.ReaderKey, headers: ("Accept-Encoding", "br"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        string etag = first.Headers.ETag!.Tag;

        using var second = await Get(fixture.ReaderKey, headers: [("Accept-Encoding", "br"), ("If-None-Match", etag)]);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag!.Tag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Contains("Accept-Encoding", second.Headers.Vary);
    }

    [Theory]
    [InlineData("W/{0}")]
    [InlineData("\"nope\", {0}")]
    [InlineData("*")]
    public async Task If_none_match_lists_weak_tags_and_star_give_304(string template)
    {
        using var first = await Get(fixture.ReaderKey);
        string header = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, first.Headers.ETag!.Tag);
        using var response = await Get(fixture.ReaderKey, headers: ("If-None-Match", header));
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("\"unterminated")]
    [InlineData("W/")]
    public async Task Garbage_if_none_match_gives_200(string header)
    {
        using var response = await Get(fixture.ReaderKey, headers: ("If-None-Match", header));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Conditional_request_without_a_valid_key_is_401_not_304()
    {
        using var first = await Get(fixture.ReaderKey);
        using var response = await Get("lm_not_a_key", headers: ("If-None-Match", first.Headers.ETag!.Tag));
        await AssertError(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Missing_key_is_401_with_a_bearer_challenge()
    {
        using var response = await Get(null);
        await AssertError(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Unknown_revoked_and_expired_keys_are_401_invalid_token()
    {
        foreach (string key in new[] { "lm_unknown", fixture.RevokedKey, fixture.ExpiredKey })
        {
            using var response = await Get(key);
            await AssertError(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
            Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer two tokens")]
    [InlineData("Bearer \"quoted\"")]
    public async Task Malformed_authorization_is_401(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.TryAddWithoutValidation("Authorization", header);
        using var response = await Client.SendAsync(request);
        await AssertError(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Huge_repeated_and_non_ascii_authorization_headers_are_4xx_and_the_node_keeps_serving()
    {
        using (var huge = new HttpRequestMessage(HttpMethod.Get, Path))
        {
            huge.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('a', 16_000));
            using var response = await Client.SendAsync(huge);
            Assert.InRange((int)response.StatusCode, 400, 499);
        }
        using (var repeated = new HttpRequestMessage(HttpMethod.Get, Path))
        {
            repeated.Headers.TryAddWithoutValidation("Authorization", [$"Bearer {fixture.ReaderKey}", $"Bearer {fixture.ReaderKey}"]);
            using var response = await Client.SendAsync(repeated);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using (var raw = new System.Net.Sockets.TcpClient())
        {
            await raw.ConnectAsync(fixture.Edge.BaseAddress.Host, fixture.Edge.BaseAddress.Port);
            var stream = raw.GetStream();
            byte[] request = [.. "GET /v1/tiktok-music HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "u8, 0xC3, 0xBC, 0xFF, .. "\r\nConnection: close\r\n\r\n"u8];
            await stream.WriteAsync(request);
            string status = Encoding.ASCII.GetString(await ReadAll(stream)).Split("\r\n")[0];
            Assert.Matches("^HTTP/1.1 4\\d\\d ", status);
        }
        using var ok = await Get(fixture.ReaderKey);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.False(fixture.Edge.HasExited);
    }

    [Fact]
    public async Task Key_without_the_scope_is_403_with_the_exact_challenge()
    {
        using var response = await Get(fixture.NoScopeKey);
        await AssertError(response, HttpStatusCode.Forbidden, "FORBIDDEN_SCOPE");
        Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"publish:read\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Refusing_every_coding_is_406_and_garbage_accept_encoding_is_identity()
    {
        using var refused = await Get(fixture.ReaderKey, headers: ("Accept-Encoding", "*;q=0"));
        await AssertError(refused, HttpStatusCode.NotAcceptable, "NOT_ACCEPTABLE");
        using var garbage = await Get(fixture.ReaderKey, headers: ("Accept-Encoding", ";;q=x,,,@@@, gzip;q=7"));
        Assert.Equal(HttpStatusCode.OK, garbage.StatusCode);
        Assert.Empty(garbage.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Head_has_the_get_headers_and_no_body()
    {
        using var get = await Get(fixture.ReaderKey, headers: ("Accept-Encoding", "gzip"));
        using var head = await Get(fixture.ReaderKey, method: HttpMethod.Head, headers: ("Accept-Encoding", "gzip"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Track_by_id_resolves_with_link_and_trending_and_unknown_is_404()
    {
        var track = fixture.Snapshot.Tracks[0];
        using var response = await Get(fixture.ReaderKey, $"{Path}/{track.Id:D}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(track.Id.ToString("D"), doc.RootElement.GetProperty("id").GetString());
        Assert.StartsWith("https://www.tiktok.com/music/", doc.RootElement.GetProperty("tiktokMusicLink").GetString());
        Assert.True(doc.RootElement.GetProperty("trending").GetBoolean());

        using var again = await Get(fixture.ReaderKey, $"{Path}/{track.Id:D}", headers: ("If-None-Match", response.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        await AssertError(await Get(fixture.ReaderKey, $"{Path}/{Guid.NewGuid():D}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await AssertError(await Get(fixture.ReaderKey, $"{Path}/not-a-uuid"), HttpStatusCode.NotFound, "NOT_FOUND");
        await AssertError(await Get(null, $"{Path}/{track.Id:D}"), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Health_and_readiness_need_no_key_and_show_no_catalog()
    {
        using var health = await Client.GetAsync("/healthz");
        using var ready = await Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.DoesNotContain("tracks", await ready.Content.ReadAsStringAsync());
    }

    private static byte[] Inflate(Stream stream)
    {
        using (stream)
        {
            using var output = new MemoryStream();
            stream.CopyTo(output);
            return output.ToArray();
        }
    }

    private static async Task<byte[]> ReadAll(Stream stream)
    {
        using var output = new MemoryStream();
        await stream.CopyToAsync(output).WaitAsync(TimeSpan.FromSeconds(10));
        return output.ToArray();
    }
}
