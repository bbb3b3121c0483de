using System.CommandLine;
using System.Net;
using System.Text.Json;
using Layers.Catalog.Stores;
using Layers.Catalog.Tracks;
using Layers.SnapshotBuilder.Audio;
using Layers.SnapshotBuilder.Feed;
using Layers.SnapshotBuilder.Http;
using Layers.SnapshotBuilder.Media;
using Layers.SnapshotBuilder.Pipeline;
using Layers.SnapshotBuilder.Profanity;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Cli;

/// <summary><c>SnapshotBuilder build</c> (docs/contract/builder.md).</summary>
public static class BuildCommand
{
    public static Command Create()
    {
        var options = new BuildCommandOptions();
        var command = new Command("build", "Fetch the feed, clean it, mirror its media, and publish a snapshot");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunOnceAsync(parse, options, cancellationToken));
        return command;
    }

    public static Task<int> RunOnceAsync(ParseResult parse, BuildCommandOptions options, CancellationToken cancellationToken) =>
        RunOnceAsync(parse, options, IBuildLog.ForConsole(), cancellationToken);

    public static async Task<int> RunOnceAsync(ParseResult parse, BuildCommandOptions options, IBuildLog log, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            // Redirects are not followed: a redirect could lead a media download off the allow-list.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }; // HttpFetch bounds every attempt
        var fetch = new HttpFetch(http, parse.GetValue(options.RequestTimeout));
        IFeedSource feed;
        IObjectStore store;
        IObjectStore mediaStore;
        try
        {
            feed = FeedSources.Open(parse.GetValue(options.Source)!, SourceFormats.Parse(parse.GetValue(options.SourceFormat)!), fetch, new FeedLimits(),
                Environment.GetEnvironmentVariable(FeedSources.AccessTokenVariable));
            store = ObjectStores.Open(parse.GetValue(options.Store)!, forWriting: true);
            mediaStore = parse.GetValue(options.MediaStore) is { } mediaUri ? ObjectStores.Open(mediaUri, forWriting: true) : store;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        foreach (string wordFile in parse.GetValue(options.ProfanityWords) ?? [])
        {
            if (!File.Exists(wordFile))
            {
                await Console.Error.WriteLineAsync($"error: --profanity-words file '{wordFile}' does not exist");
                return ExitCodes.Usage;
            }
        }
        try
        {
            var volume = new VolumeThresholds(parse.GetValue(options.MinLufs), parse.GetValue(options.MaxLufs), parse.GetValue(options.MinDuration));
            var hosts = new HashSet<string>((parse.GetValue(options.AllowMediaHost) ?? []).Select(MediaHosts.Normalize), StringComparer.Ordinal);
            int concurrency = parse.GetValue(options.MediaConcurrency);
            var profanity = ProfanityFilter.Load(parse.GetValue(options.ProfanityWords) ?? [], includeDefaults: !parse.GetValue(options.NoDefaultProfanity));
            var buildOptions = new BuildOptions(parse.GetValue(options.MediaBaseUrl)!.TrimEnd('/'), parse.GetValue(options.Force),
                new MediaOptions(hosts, volume, Concurrency: concurrency), profanity);
            var build = new SnapshotBuild(feed, store, mediaStore, fetch, buildOptions, TimeProvider.System, log);
            var result = await build.RunAsync(cancellationToken);
            if (parse.GetValue(options.Report) is { } reportPath)
            {
                await File.WriteAllBytesAsync(reportPath, JsonSerializer.SerializeToUtf8Bytes(result, ReportJsonContext.Default.BuildReport), CancellationToken.None);
            }
            return result.ExitCode;
        }
        finally
        {
            if (!ReferenceEquals(mediaStore, store))
            {
                mediaStore.Dispose();
            }
            store.Dispose();
        }
    }
}

/// <summary>The options <c>build</c> and <c>run</c> share.</summary>
public sealed class BuildCommandOptions
{
    public Option<string[]> Source { get; } = new("--source")
    {
        Description = "Feed: http(s):// URL, file:/// or a path (JSON array or JSON lines); repeatable, the items of all sources merge",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
    };
    public Option<string> SourceFormat { get; } = new Option<string>("--source-format")
    {
        Description = "Shape of the sources' items: auto (decided from each source's content), layers, tiktok-music, tiktok-cml (token from TIKTOK_ACCESS_TOKEN)",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong(SourceFormats.AllNames);
    public Option<string> Store { get; } = new("--store") { Description = "Store: s3://bucket/prefix, file:///path or a path", Required = true };
    public Option<string?> MediaStore { get; } = new("--media-store") { Description = "Where media is mirrored (default: the store)" };
    public Option<string> MediaBaseUrl { get; } = new("--media-base-url") { Description = "Public base URL of the media store", DefaultValueFactory = _ => MediaUrls.DefaultBaseUrl };
    public Option<string[]> AllowMediaHost { get; } = new("--allow-media-host") { Description = "A host media may be downloaded from, or *.domain for the hosts below it (repeatable)", Arity = ArgumentArity.ZeroOrMore };
    public Option<string?> Report { get; } = new("--report") { Description = "Write the JSON build report to this file" };
    public Option<bool> Force { get; } = new("--force") { Description = "Publish even if the catalog shrank by more than half" };
    public Option<double> MinLufs { get; } = new("--min-lufs") { Description = "Drop previews quieter than this integrated loudness", DefaultValueFactory = _ => -35 };
    public Option<double> MaxLufs { get; } = new("--max-lufs") { Description = "Drop previews louder than this integrated loudness", DefaultValueFactory = _ => -5 };
    public Option<double> MinDuration { get; } = new("--min-duration") { Description = "Drop previews shorter than this many seconds", DefaultValueFactory = _ => 5 };
    public Option<string[]> ProfanityWords { get; } = new("--profanity-words") { Description = "A word-list file to add to the built-in ones (repeatable; format: see Profanity/Lists/en.txt)", Arity = ArgumentArity.ZeroOrMore };
    public Option<bool> NoDefaultProfanity { get; } = new("--no-default-profanity") { Description = "Use only the --profanity-words files, not the built-in lists" };
    public Option<int> MediaConcurrency { get; } = new("--media-concurrency") { Description = "Tracks whose media is fetched at once", DefaultValueFactory = _ => 8 };
    public Option<TimeSpan> RequestTimeout { get; } = new("--request-timeout")
    {
        Description = "Time limit of one HTTP attempt (500ms, 30s, 5m)",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        CustomParser = result => Layers.Catalog.Common.Durations.TryParse(result.Tokens.Single().Value, out var value)
            ? value
            : ParseError(result, "--request-timeout takes a duration like 500ms, 30s or 5m"),
    };

    public void AddTo(Command command)
    {
        MediaBaseUrl.Require(value => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Query.Length == 0,
            value => $"--media-base-url '{value}' is not an absolute http(s) URL without a query");
        AllowMediaHost.Validators.Add(result =>
        {
            foreach (string host in result.GetValueOrDefault<string[]>() ?? [])
            {
                try
                {
                    MediaHosts.Normalize(host);
                }
                catch (ArgumentException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        MediaConcurrency.InRange(1, 256);
        foreach (Option option in new Option[] { Source, SourceFormat, Store, MediaStore, MediaBaseUrl, AllowMediaHost, Report, Force, MinLufs, MaxLufs, MinDuration, ProfanityWords, NoDefaultProfanity, MediaConcurrency, RequestTimeout })
        {
            command.Options.Add(option);
        }
    }

    private static TimeSpan ParseError(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }
}
