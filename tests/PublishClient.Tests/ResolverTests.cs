using System.Diagnostics;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Tracks;
using Layers.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Layers.PublishClient.Tests;

/// <summary>docs/contract/publish-client.md's table, resolved against the real AOT edge, plus the DI registration and the command-line sample.</summary>
public sealed class ResolverTests : IAsyncLifetime
{
    private readonly EdgeWithStore _setup = new();
    private List<Track> _tracks = [];
    private TikTokMusicResolver _resolver = null!;

    private Track Trending => _tracks[0];
    private Track Retained => _tracks.Single(t => !t.Trending);

    public async Task InitializeAsync()
    {
        _tracks = TestStore.Tracks(5, seed: 9, retained: 1);
        // A link with characters a JSON encoder likes to escape: it must come back verbatim.
        _tracks[0] = _tracks[0] with { TikTokMusicLink = "https://www.tiktok.com/music/Mae-&-Co-<Live>-7234567890123456789?lang=en&x='1'" };
        await _setup.StartWithAsync(_tracks);
        var client = new TikTokMusicCatalogClient(new HttpClient(), new CatalogClientOptions { BaseAddress = _setup.Edge.BaseAddress, ApiKey = _setup.Key });
        _resolver = new TikTokMusicResolver(client);
    }

    public Task DisposeAsync()
    {
        _setup.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Managed_with_a_track_gives_its_link_verbatim()
    {
        var payload = await _resolver.ResolveAsync(PublishTargetMode.Managed, Trending.Id);
        Assert.False(payload.AutoAddMusic);
        Assert.Equal(Trending.TikTokMusicLink, payload.TikTokMusicLink);
        Assert.Equal("{\"tiktokMusicLink\":\"https://www.tiktok.com/music/Mae-&-Co-<Live>-7234567890123456789?lang=en&x='1'\"}", payload.ToJson());
    }

    [Fact]
    public async Task Managed_with_a_track_that_left_the_trending_list_still_resolves() =>
        Assert.Equal(Retained.TikTokMusicLink, (await _resolver.ResolveAsync(PublishTargetMode.Managed, Retained.Id)).TikTokMusicLink);

    [Theory]
    [InlineData(PublishTargetMode.Publish, true)]
    [InlineData(PublishTargetMode.Publish, false)]
    [InlineData(PublishTargetMode.Managed, false)]
    public async Task Auto_music_for_photo_publish_whatever_was_picked_and_for_managed_without_a_pick(PublishTargetMode mode, bool picked)
    {
        var payload = await _resolver.ResolveAsync(mode, picked ? Trending.Id : null);
        Assert.True(payload.AutoAddMusic);
        Assert.Null(payload.TikTokMusicLink);
        Assert.Equal("{\"auto_add_music\":true}", payload.ToJson());
    }

    [Theory]
    [InlineData(PublishTargetMode.Publish, "abc")]
    [InlineData(PublishTargetMode.Managed, "abc")]
    [InlineData(PublishTargetMode.Managed, "")]
    [InlineData(PublishTargetMode.Managed, "8f1d6c3e-4b2a-4a18-9e4f-c2d7a1b0e99z")]
    [InlineData(PublishTargetMode.Managed, "{8f1d6c3e-4b2a-4a18-9e4f-c2d7a1b0e999}")]
    [InlineData(PublishTargetMode.Managed, "../../keys/keys.json")]
    public async Task A_malformed_track_id_is_an_error_never_auto(PublishTargetMode mode, string trackId)
    {
        var error = await Assert.ThrowsAsync<TrackResolutionException>(() => _resolver.ResolveAsync(mode, trackId));
        Assert.Equal(TikTokMusicResolver.InvalidTrackId, error.Code);
        Assert.Equal(trackId, error.TrackId);
    }

    [Theory]
    [InlineData(PublishTargetMode.Publish)]
    [InlineData(PublishTargetMode.Managed)]
    public async Task An_unknown_track_id_is_an_error_never_auto(PublishTargetMode mode)
    {
        var error = await Assert.ThrowsAsync<TrackResolutionException>(() => _resolver.ResolveAsync(mode, TrackIds.FromTikTokMusicId("999")));
        Assert.Equal(TikTokMusicResolver.UnknownTrack, error.Code);
    }

    [Fact]
    public async Task Registers_with_dependency_injection_and_the_http_client_factory()
    {
        var services = new ServiceCollection();
        services.AddTikTokMusicCatalog(options =>
        {
            options.BaseAddress = _setup.Edge.BaseAddress;
            options.ApiKey = _setup.Key;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<TikTokMusicCatalogClient>();
        Assert.Same(client, provider.GetRequiredService<TikTokMusicCatalogClient>());
        Assert.Equal(RefreshResult.Updated, await client.RefreshAsync());
        Assert.Equal(5, client.Current!.Tracks.Count);
        var payload = await provider.GetRequiredService<TikTokMusicResolver>().ResolveAsync(PublishTargetMode.Managed, Trending.Id);
        Assert.Equal(Trending.TikTokMusicLink, payload.TikTokMusicLink);
    }

    [Fact]
    public async Task The_command_line_sample_resolves_against_a_running_edge()
    {
        var ok = await RunSample("--edge", _setup.Edge.BaseAddress.ToString(), "--key", _setup.Key, "--mode", "managed", "--track", Retained.Id);
        Assert.Equal((0, $"{{\"tiktokMusicLink\":\"{Retained.TikTokMusicLink}\"}}"), (ok.Exit, ok.Stdout.Trim()));

        var unknown = await RunSample("--edge", _setup.Edge.BaseAddress.ToString(), "--key", _setup.Key, "--track", Guid.NewGuid().ToString());
        Assert.Equal(1, unknown.Exit);
        Assert.StartsWith("UNKNOWN_TRACK:", unknown.Stderr);

        var revokedOrBad = await RunSample("--edge", _setup.Edge.BaseAddress.ToString(), "--key", "lm_wrong", "--track", Retained.Id);
        Assert.Equal(1, revokedOrBad.Exit);
        Assert.StartsWith("UNAUTHENTICATED:", revokedOrBad.Stderr);

        Assert.Equal(2, (await RunSample()).Exit);
        Assert.Equal(2, (await RunSample("--edge", "not a url", "--key", _setup.Key)).Exit);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunSample(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ResolveTrack.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["LAYERS_API_KEY"] = null;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stdout, await stderr);
    }
}
