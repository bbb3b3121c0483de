using Layers.EdgeCatalog.Endpoints;
using Microsoft.Extensions.Configuration;

namespace Layers.EdgeCatalog.Tests;

/// <summary>The listen URLs and TLS variables, read before the host exists (the AOT binary's exits are in TlsTests).</summary>
public class ListenSettingsTests
{
    [Theory]
    [InlineData(new[] { "--urls", "http://a:1", "--store", "s" }, new[] { "--store", "s" })]
    [InlineData(new[] { "--urls=http://a:1", "--store", "s" }, new[] { "--store", "s" })]
    [InlineData(new[] { "/URLS", "http://a:1", "--store=s" }, new[] { "--store=s" })]
    [InlineData(new[] { "urls=http://a:1", "--http_ports", "80", "--https_ports=443" }, new string[0])]
    [InlineData(new[] { "healthcheck", "urls" }, new[] { "healthcheck", "urls" })]
    public void The_listen_keys_are_taken_out_of_the_arguments_in_every_command_line_form(string[] args, string[] left) =>
        Assert.Equal(left, HostUrls.WithoutKeys(args));

    [Fact]
    public void Http_and_https_side_by_side_with_both_files()
    {
        var settings = ListenSettings.From(["http://+:8080", "https://[::]:8443"], Config(("LAYERS_TLS_CERT", "/c.pem"), ("LAYERS_TLS_KEY", "/k.pem")));
        Assert.Equal(["http", "https"], settings.Urls.Select(u => u.Scheme));
        Assert.Equal(new TlsFiles("/c.pem", "/k.pem"), settings.Tls);
    }

    [Fact]
    public void No_url_is_kestrels_default_plain_http()
    {
        var settings = ListenSettings.From([], Config());
        Assert.Equal(ListenSettings.DefaultUrl, Assert.Single(settings.Urls).ToString().TrimEnd('/'));
        Assert.Null(settings.Tls);
    }

    [Theory]
    [InlineData("https://+:8443", null, null, "an https:// URL needs")]
    [InlineData("https://+:8443", "/c.pem", null, "needs both")]
    [InlineData("https://+:8443", null, "/k.pem", "needs both")]
    [InlineData("http://+:8080", "/c.pem", "/k.pem", "no URL is https://")]
    [InlineData("ws://+:8080", null, null, "neither http:// nor https://")]
    public void Inconsistent_settings_are_start_up_errors(string url, string? cert, string? key, string error)
    {
        var e = Assert.ThrowsAny<Exception>(() => ListenSettings.From([url], Config(("LAYERS_TLS_CERT", cert), ("LAYERS_TLS_KEY", key))));
        Assert.True(e is InvalidOperationException or FormatException);
        Assert.Contains(error, e.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Name, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Where(v => v.Value is not null).Select(v => KeyValuePair.Create(v.Name, v.Value))).Build();
}
