using System.CommandLine;
using System.Text.Json;
using Layers.Catalog.Stores;
using Layers.Catalog.Tracks;
using Layers.SnapshotBuilder.Feed;
using Layers.SnapshotBuilder.Pipeline;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Cli;

/// <summary><c>SnapshotBuilder build</c> (SPEC §5).</summary>
public static class BuildCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "Feed: http(s):// paged feed, file:/// or a path (JSON array or JSON lines)", Required = true };
        var store = new Option<string>("--store") { Description = "Store: s3://bucket/prefix, file:///path or a path", Required = true };
        var mediaBaseUrl = new Option<string>("--media-base-url")
        {
            Description = "Public base URL of the media store",
            DefaultValueFactory = _ => MediaUrls.DefaultBaseUrl,
        };
        mediaBaseUrl.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Query.Length > 0)
            {
                result.AddError($"--media-base-url '{value}' is not an absolute http(s) URL without a query");
            }
        });
        var report = new Option<string?>("--report") { Description = "Write the JSON build report to this file" };
        var force = new Option<bool>("--force") { Description = "Publish even if the catalog shrank by more than half" };

        var command = new Command("build", "Fetch the feed, clean it, and publish a snapshot") { source, store, mediaBaseUrl, report, force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan }; // each page has its own timeout
            var limits = new FeedLimits();
            IFeedSource feed;
            IObjectStore objectStore;
            try
            {
                feed = FeedSources.Open(parse.GetValue(source)!, http, limits);
                objectStore = ObjectStores.Open(parse.GetValue(store)!);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            using (objectStore)
            {
                var options = new BuildOptions(parse.GetValue(mediaBaseUrl)!.TrimEnd('/'), parse.GetValue(force));
                var build = new SnapshotBuild(feed, objectStore, options, TimeProvider.System, Console.Error);
                var result = await build.RunAsync(cancellationToken);
                if (parse.GetValue(report) is { } reportPath)
                {
                    await File.WriteAllBytesAsync(reportPath, JsonSerializer.SerializeToUtf8Bytes(result, ReportJsonContext.Default.BuildReport), CancellationToken.None);
                }
                return result.ExitCode;
            }
        });
        return command;
    }
}
