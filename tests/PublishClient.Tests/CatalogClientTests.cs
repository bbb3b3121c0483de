using System.Net;
using Layers.Catalog.Keys;
using Layers.Catalog.Snapshots;
using Layers.TestSupport;

namespace Layers.PublishClient.Tests;

/// <summary>The catalog client against the real published AOT edge on 127.0.0.1: no mocks.</summary>
public class CatalogClientTests
{
    /// <summary>Records the Content-Encoding of each response as it came off the wire.</summary>
    private sealed class WireRecorder() : DelegatingHandler(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
    {
        public List<string> Codings { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            lock (Codings)
            {
                Codings.Add(string.Join(",", response.Content.Headers.ContentEncoding));
            }
            return response;
        }
    }

    private static TikTokMusicCatalogClient Client(EdgeWithStore setup, HttpClient? http = null, Action<CatalogClientOptions>? configure = null, string? key = null)
    {
        var options = new CatalogClientOptions { BaseAddress = setup.Edge.BaseAddress, ApiKey = key ?? setup.Key, PollInterval = TimeSpan.FromMilliseconds(200), MaxBackoff = TimeSpan.FromSeconds(1) };
        configure?.Invoke(options);
        return new TikTokMusicCatalogClient(http ?? new HttpClient(), options);
    }

    private static byte[] Identity(WrittenSnapshot snapshot) => SnapshotReader.Read(snapshot.Blob).ListBody(ContentEncoding.Identity).Data.ToArray();

    [Fact]
    public async Task Polls_with_if_none_match_treats_304_as_unchanged_and_refreshes_when_the_snapshot_changes()
    {
        using var setup = await new EdgeWithStore().StartAsync(tracks: 30);
        var client = Client(setup);

        Assert.Equal(RefreshResult.Updated, await client.RefreshAsync());
        var first = client.Current!;
        Assert.Equal(30, first.Tracks.Count);
        Assert.Equal(RefreshResult.NotModified, await client.RefreshAsync());
        Assert.Same(first.Tracks, client.Current!.Tracks);
        Assert.Equal(1, await setup.Edge.MetricAsync("layers_http_requests_total{route=\"/v1/tiktok-music\",status=\"304\"}"));

        var v2 = TestStore.Write("v2", 35, seed: 2);
        await setup.Store.AnnounceAsync("v2", v2);
        await setup.Edge.WaitUntilAsync(async () => await client.RefreshAsync() == RefreshResult.Updated, TimeSpan.FromSeconds(10));
        Assert.Equal(35, client.Current!.Tracks.Count);
        Assert.NotEqual(first.ETag, client.Current.ETag);
        var expected = TestStore.Tracks(35, seed: 2)[0];
        Assert.Equal(new CatalogTrack(expected.Id, expected.Title, expected.Author, expected.Album, expected.Duration, expected.PreviewUrl,
            expected.CoverUrl, expected.Language, expected.UserCount, expected.IsCommerceMusic), client.Current.Tracks[0]);
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("br")]
    [InlineData("gzip")]
    [InlineData("")]
    public async Task Decodes_every_coding_to_the_same_catalog(string coding)
    {
        using var setup = await new EdgeWithStore().StartAsync(tracks: 25);
        var recorder = new WireRecorder();
        var client = Client(setup, new HttpClient(recorder), options =>
        {
            options.AcceptEncodings.Clear();
            if (coding.Length > 0)
            {
                options.AcceptEncodings.Add(coding);
            }
        });
        await client.RefreshAsync();
        Assert.Equal([coding], recorder.Codings);
        Assert.Equal(25, client.Current!.Tracks.Count);
        Assert.Equal(TestStore.Tracks(25, seed: 1).Select(t => t.Id), client.Current.Tracks.Select(t => t.Id));
    }

    [Fact]
    public async Task Keeps_the_last_good_catalog_while_the_edge_is_away_and_refreshes_when_it_is_back()
    {
        using var setup = await new EdgeWithStore().StartAsync(tracks: 20);
        var client = Client(setup);
        await client.RefreshAsync();
        var held = client.Current!;

        setup.StopEdge();
        var down = await Assert.ThrowsAsync<CatalogUnavailableException>(() => client.RefreshAsync());
        Assert.Equal("CATALOG_UNAVAILABLE", down.Code);
        Assert.Same(held, client.Current);
        Assert.Same(down, client.LastError);

        // While it is down the polling loop keeps going; a new snapshot is announced meanwhile.
        using var polling = new CancellationTokenSource();
        var loop = client.RunAsync(polling.Token);
        await setup.Store.AnnounceAsync("v2", TestStore.Write("v2", 21, seed: 2));
        // Two more failed polls: at least one of them began after v2 was announced.
        for (int failed = 0; failed < 2; failed++)
        {
            var last = client.LastError;
            await Eventually.WaitUntilAsync(() => client.LastError is { } error && error != last, TimeSpan.FromSeconds(15), "the polling loop to fail again");
        }
        Assert.Same(held.Tracks, client.Current!.Tracks);

        await setup.RestartEdgeAsync();
        await setup.Edge.WaitUntilAsync(() => Task.FromResult(client.Current!.Tracks.Count == 21), TimeSpan.FromSeconds(15));
        Assert.Null(client.LastError);
        polling.Cancel();
        await loop;
    }

    [Fact]
    public async Task A_revoked_key_is_a_typed_401_error_and_the_catalog_is_kept()
    {
        using var setup = await new EdgeWithStore().StartAsync(tracks: 10);
        var client = Client(setup);
        await client.RefreshAsync();
        var held = client.Current;

        await setup.Store.SetKeysAsync(("k", setup.Key, true));
        var error = await WaitForAsync<CatalogAuthenticationException>(client, TimeSpan.FromSeconds(10));
        Assert.Equal("UNAUTHENTICATED", error.Code);
        Assert.Same(held!.Tracks, client.Current!.Tracks);
        Assert.Equal(held.ETag, client.Current.ETag);
    }

    [Fact]
    public async Task A_key_without_the_scope_is_a_typed_403_error()
    {
        using var setup = new EdgeWithStore();
        string unscoped = ApiKeys.Generate();
        await setup.Store.SetKeysAsync(new KeyRecord("u", ApiKeys.Hash(unscoped), ["other"], false, null));
        await setup.StartAsync();
        var error = await Assert.ThrowsAsync<CatalogForbiddenException>(() => Client(setup, key: unscoped).RefreshAsync());
        Assert.Equal("FORBIDDEN_SCOPE", error.Code);
    }

    [Fact]
    public async Task A_body_over_the_cap_is_refused_and_the_catalog_is_kept()
    {
        using var setup = await new EdgeWithStore().StartAsync(tracks: 200);
        long cap = Identity(TestStore.Write("v1", 200, seed: 1)).Length - 1;
        var client = Client(setup, configure: options =>
        {
            options.AcceptEncodings.Clear(); // identity: the cap bites on the raw body
            options.MaxResponseBytes = cap;
        });
        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => client.RefreshAsync());
        Assert.Contains("cap", error.Message);
        Assert.Null(client.Current);
    }

    [Fact]
    public async Task Finds_trending_tracks_in_the_catalog_and_retained_ones_through_the_detail_route()
    {
        using var setup = new EdgeWithStore();
        var tracks = TestStore.Tracks(10, seed: 3, retained: 1);
        await setup.StartWithAsync(tracks);
        var client = Client(setup);
        await client.RefreshAsync();

        var trending = tracks[0];
        var retained = tracks.Single(t => !t.Trending);
        Assert.Equal(trending.Id, (await client.FindTrackAsync(trending.Id.ToUpperInvariant()))!.Id);
        Assert.False(client.Current!.TryGetTrack(retained.Id, out _));
        Assert.Equal(retained.Title, (await client.FindTrackAsync(retained.Id))!.Title);
        var detail = await client.GetTrackDetailAsync(retained.Id);
        Assert.Equal((retained.TikTokMusicLink, false), (detail!.TikTokMusicLink, detail.Trending));
        Assert.Null(await client.FindTrackAsync(Guid.NewGuid().ToString()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.FindTrackAsync("not-a-uuid"));
    }

    private static async Task<T> WaitForAsync<T>(TikTokMusicCatalogClient client, TimeSpan timeout)
        where T : CatalogClientException
    {
        T? caught = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            try
            {
                await client.RefreshAsync();
                return false;
            }
            catch (T e)
            {
                caught = e;
                return true;
            }
        }, timeout, $"a refresh to fail with {typeof(T).Name}");
        return caught!;
    }
}
