using Layers.EdgeCatalog.Auth;
using Layers.EdgeCatalog.Serving;
using Microsoft.Extensions.Primitives;

namespace Layers.EdgeCatalog.Tests;

public class RequestParsingTests
{
    [Theory]
    [InlineData(null, ContentEncoding.Identity)]
    [InlineData("", ContentEncoding.Identity)]
    [InlineData("gzip", ContentEncoding.Gzip)]
    [InlineData("gzip, deflate, br", ContentEncoding.Brotli)]
    [InlineData("gzip, deflate, br, zstd", ContentEncoding.Zstd)]
    [InlineData("br;q=0.5, gzip;q=0.8", ContentEncoding.Gzip)]
    [InlineData("BR;Q=1.0, GZIP", ContentEncoding.Brotli)]
    [InlineData("zstd;q=0, br;q=0, gzip;q=0.001", ContentEncoding.Gzip)]
    [InlineData("*", ContentEncoding.Zstd)]
    [InlineData("*;q=0.5, gzip;q=1", ContentEncoding.Gzip)]
    [InlineData("identity", ContentEncoding.Identity)]
    [InlineData("deflate, compress", ContentEncoding.Identity)]
    [InlineData("gzip;q=2", ContentEncoding.Identity)]      // invalid q: entry ignored
    [InlineData("gzip;q=abc, br;q=0.1", ContentEncoding.Brotli)]
    [InlineData(";;;,,,@@@;q=, ", ContentEncoding.Identity)]
    [InlineData("br;q=0.1, identity;q=0.5", ContentEncoding.Identity)]
    public void Accept_encoding_picks_the_best_acceptable_coding(string? header, ContentEncoding expected) =>
        Assert.Equal(expected, ContentNegotiation.Select(header is null ? StringValues.Empty : new StringValues(header)));

    [Theory]
    [InlineData("identity;q=0")]
    [InlineData("*;q=0")]
    [InlineData("gzip;q=0, identity;q=0")]
    public void Refusing_every_coding_gives_null(string header) => Assert.Null(ContentNegotiation.Select(header));

    [Fact]
    public void Accept_encoding_reads_every_header_line() =>
        Assert.Equal(ContentEncoding.Brotli, ContentNegotiation.Select(new StringValues(["identity;q=0.1", "br"])));

    private const string ETag = "\"0123456789abcdef0123456789abcdef\"";

    [Theory]
    [InlineData(ETag, true)]
    [InlineData("W/" + ETag, true)]
    [InlineData("\"other\", " + ETag, true)]
    [InlineData("\"other\",W/" + ETag + ",\"x\"", true)]
    [InlineData("*", true)]
    [InlineData("\"other\"", false)]
    [InlineData("0123456789abcdef0123456789abcdef", false)] // unquoted: not an entity-tag
    [InlineData("\"0123456789abcdef", false)]
    [InlineData("garbage ∑ \u0001", false)]
    [InlineData("", false)]
    public void If_none_match_uses_weak_comparison_over_a_list(string header, bool hits) =>
        Assert.Equal(hits, EntityTagMatch.IfNoneMatchHits(header, ETag));

    [Fact]
    public void If_none_match_with_thousands_of_tags_still_finds_the_match()
    {
        string header = string.Join(", ", Enumerable.Range(0, 10_000).Select(i => $"\"tag{i}\"")) + ", " + ETag;
        Assert.True(EntityTagMatch.IfNoneMatchHits(header, ETag));
    }

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer abc", "abc")]
    [InlineData("Bearer   abc  ", "abc")]
    [InlineData("Bearer a-b_c.d~e+f/g==", "a-b_c.d~e+f/g==")]
    public void Bearer_tokens_are_extracted(string header, string token)
    {
        Assert.True(BearerToken.TryParse(header, out var parsed));
        Assert.Equal(token, parsed.ToString());
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer a b")]
    [InlineData("Bearer ü")]
    [InlineData("Bearer ===")]
    [InlineData("Bearerabc")]
    public void Malformed_credentials_are_rejected(string header) => Assert.False(BearerToken.TryParse(header, out _));

    [Fact]
    public void Over_long_tokens_are_rejected_not_hashed() =>
        Assert.False(BearerToken.TryParse("Bearer " + new string('a', BearerToken.MaxLength + 1), out _));

    [Fact]
    public void Key_set_checks_revocation_expiry_and_scope()
    {
        var now = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var file = new KeyFile([
            new KeyRecord("ok", ApiKeys.Hash("lm_ok"), [Scopes.PublishRead], false, null),
            new KeyRecord("revoked", ApiKeys.Hash("lm_revoked"), [Scopes.PublishRead], true, null),
            new KeyRecord("expired", ApiKeys.Hash("lm_expired"), [Scopes.PublishRead], false, now),
            new KeyRecord("later", ApiKeys.Hash("lm_later"), [Scopes.PublishRead], false, now.AddSeconds(1)),
            new KeyRecord("noscope", ApiKeys.Hash("lm_noscope"), [], false, null),
        ]);
        var keys = KeySet.From(file, null);
        long ticks = now.UtcTicks;
        Assert.Equal(AuthResult.Authorized, keys.Authorize("Bearer lm_ok", ticks));
        Assert.Equal(AuthResult.Authorized, keys.Authorize("Bearer lm_later", ticks));
        Assert.Equal(AuthResult.Rejected, keys.Authorize("Bearer lm_revoked", ticks));
        Assert.Equal(AuthResult.Rejected, keys.Authorize("Bearer lm_expired", ticks));
        Assert.Equal(AuthResult.Rejected, keys.Authorize("Bearer lm_unknown", ticks));
        Assert.Equal(AuthResult.InsufficientScope, keys.Authorize("Bearer lm_noscope", ticks));
        Assert.Equal(AuthResult.Missing, keys.Authorize("", ticks));
        Assert.Equal(AuthResult.Malformed, keys.Authorize("Token lm_ok", ticks));
    }
}
