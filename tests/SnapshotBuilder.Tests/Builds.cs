using Layers.SnapshotBuilder.Http;
using Layers.SnapshotBuilder.Media;

namespace Layers.SnapshotBuilder.Tests;

/// <summary>Runs real builds in-process, with retries kept short so failure tests stay quick.</summary>
internal static class Builds
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public static HttpFetch Fetch(int retries = 2, TimeSpan? timeout = null) =>
        new(Http, timeout ?? TimeSpan.FromSeconds(5), retries, TimeSpan.FromMilliseconds(20));

    public static Task<BuildReport> RunAsync(IFeedSource feed, IObjectStore store, bool force = false, MediaOptions? media = null, IObjectStore? mediaStore = null, HttpFetch? fetch = null, TimeProvider? clock = null) =>
        new SnapshotBuild(feed, store, mediaStore ?? store, fetch ?? Fetch(), new BuildOptions(MediaUrls.DefaultBaseUrl, force, media), clock ?? TimeProvider.System, IBuildLog.None)
            .RunAsync(CancellationToken.None);

    public static Task<BuildReport> RunAsync(string feedPath, IObjectStore store, bool force = false) =>
        RunAsync(new FileFeedSource(feedPath, new FeedLimits()), store, force);
}

/// <summary>A clock the test moves.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
