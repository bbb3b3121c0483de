using System.Security.Cryptography;
using System.Text.Json;
using Layers.Catalog.Media;
using Layers.Catalog.Stores;
using Layers.Catalog.Tracks;
using Layers.SnapshotBuilder.Audio;
using Layers.SnapshotBuilder.Http;
using Layers.SnapshotBuilder.Pipeline;

namespace Layers.SnapshotBuilder.Media;

/// <summary>What the media stage did for one track: null <see cref="DropReason"/> means mirrored and measured.</summary>
public readonly record struct MediaOutcome(string? DropReason, int Downloads, int Decodes, int Uploads);

/// <summary>
/// docs/contract/builder.md, step 5 for one track: download preview and cover (allow-listed hosts, size caps, timeouts,
/// retries), sniff what they are, decode and volume-check the preview, upload both create-only under the
/// permanent keys, and record the measurement in <c>music/{id}/analysis.json</c>. A track with a record
/// is not downloaded or decoded again: its stored measurement is re-judged against today's thresholds.
/// </summary>
public sealed class MediaMirror(IObjectStore mediaStore, HttpFetch fetch, MediaOptions options, TimeProvider clock)
{
    public async Task<MediaOutcome> MirrorAsync(Candidate candidate, CancellationToken cancellationToken)
    {
        string trackId = candidate.Id;
        var record = await ReadRecordAsync(trackId, cancellationToken);
        if (record is not null)
        {
            if (options.Volume.Verdict(record.Record.ToAnalysis()) is { } earlierVerdict)
            {
                return new MediaOutcome(earlierVerdict, 0, 0, 0);
            }
            if (record.Record.Mirrored)
            {
                return new MediaOutcome(null, 0, 0, 0);
            }
        }

        var (preview, previewProblem) = await FetchFirstAsync(candidate.PlayUrls, options.MaxAudioBytes, cancellationToken);
        if (preview is null)
        {
            return new MediaOutcome(previewProblem, 1, 0, 0);
        }
        if (ContentSniffer.AudioType(preview) is null)
        {
            return new MediaOutcome("media:preview_not_mp3", 1, 0, 0);
        }
        AudioAnalysis analysis;
        try
        {
            analysis = Mp3Analyzer.Analyze(preview);
        }
        catch (UndecodableAudioException)
        {
            return new MediaOutcome("volume:undecodable", 1, 1, 0);
        }
        string previewSha = Convert.ToHexStringLower(SHA256.HashData(preview));
        if (options.Volume.Verdict(analysis) is { } verdict)
        {
            await WriteRecordAsync(trackId, Record(analysis, previewSha, mirrored: false, coverType: null), record?.ETag, cancellationToken);
            return new MediaOutcome(verdict, 1, 1, 0);
        }

        var (cover, coverProblem) = await FetchFirstAsync(candidate.CoverUrls, options.MaxImageBytes, cancellationToken);
        if (cover is null)
        {
            return new MediaOutcome(coverProblem?.Replace("media:", "media:cover_", StringComparison.Ordinal), 2, 1, 0);
        }
        if (ContentSniffer.ImageType(cover) is not { } coverType)
        {
            return new MediaOutcome("media:cover_not_image", 2, 1, 0);
        }

        // Create-only: an object already there (an earlier or racing build) is the permanent one and stays.
        int uploads = 0;
        uploads += await mediaStore.TryPutAsync(MediaUrls.PreviewKey(trackId), preview, Precondition.Absent, new ObjectHeaders("audio/mpeg", MediaOptions.CacheControl), cancellationToken) ? 1 : 0;
        uploads += await mediaStore.TryPutAsync(MediaUrls.CoverKey(trackId), cover, Precondition.Absent, new ObjectHeaders(coverType, MediaOptions.CacheControl), cancellationToken) ? 1 : 0;
        await WriteRecordAsync(trackId, Record(analysis, previewSha, mirrored: true, coverType), record?.ETag, cancellationToken);
        return new MediaOutcome(null, 2, 1, uploads);
    }

    private MediaRecord Record(AudioAnalysis analysis, string previewSha, bool mirrored, string? coverType) =>
        new(MediaRecord.CurrentFormatVersion, analysis.DurationSeconds, MediaRecord.Finite(analysis.IntegratedLufs),
            MediaRecord.Finite(analysis.SamplePeakDbfs), previewSha, mirrored, coverType, clock.GetUtcNow());

    private sealed record StoredRecord(MediaRecord Record, string ETag);

    private async Task<StoredRecord?> ReadRecordAsync(string trackId, CancellationToken cancellationToken)
    {
        var read = await mediaStore.ReadAsync(MediaRecord.Key(trackId), 64 * 1024, cancellationToken: cancellationToken);
        if (read.Status != ReadStatus.Found)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(read.Content, MediaJsonContext.Default.MediaRecord) is { FormatVersion: MediaRecord.CurrentFormatVersion } record
                ? new StoredRecord(record, read.ETag!)
                : null;
        }
        catch (JsonException)
        {
            return null; // An unreadable record is measured again.
        }
    }

    private async Task WriteRecordAsync(string trackId, MediaRecord record, string? etag, CancellationToken cancellationToken)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(record, MediaJsonContext.Default.MediaRecord);
        var precondition = etag is null ? Precondition.Absent : Precondition.Matches(etag);
        // Losing this race means another build recorded the same measurement: either record serves.
        await mediaStore.TryPutAsync(MediaRecord.Key(trackId), json, precondition, ObjectHeaders.Json, cancellationToken);
    }

    /// <summary>
    /// The bytes of the first of a URL list's locations that yields them, tried in order; or null and the
    /// <c>media:…</c> reason of the last one.
    /// </summary>
    private async Task<(byte[]? Bytes, string? Problem)> FetchFirstAsync(IEnumerable<string> locations, long maxBytes, CancellationToken cancellationToken)
    {
        string? problem = null;
        foreach (string location in locations)
        {
            (var bytes, problem) = await FetchAsync(location, maxBytes, cancellationToken);
            if (bytes is not null)
            {
                return (bytes, null);
            }
        }
        return (null, problem);
    }

    /// <summary>The bytes at a feed location, or null and a <c>media:…</c> reason.</summary>
    private async Task<(byte[]? Bytes, string? Problem)> FetchAsync(string location, long maxBytes, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            if (!MediaHosts.IsAllowed(options.AllowedHosts, uri.IdnHost))
            {
                return (null, "media:host_not_allowed");
            }
            // A signed URL that has expired would answer 403: it is not asked at all.
            if (SignedUrls.Expiry(uri) <= clock.GetUtcNow())
            {
                return (null, "media:expired");
            }
            try
            {
                return ((await fetch.GetAsync(uri, maxBytes, null, cancellationToken)).Body, null);
            }
            catch (FetchException e)
            {
                return (null, e.Reason == "http_403" && SignedUrls.IsSigned(uri) ? "media:forbidden" : $"media:{e.Reason}");
            }
        }
        // A path: the validator resolves paths (against the feed file's folder) only for items of local feeds,
        // so anything here that is not a URL is an absolute path a local feed named.
        var file = new FileInfo(location);
        if (!file.Exists)
        {
            return (null, "media:missing");
        }
        if (file.Length > maxBytes)
        {
            return (null, "media:too_large");
        }
        return (await File.ReadAllBytesAsync(location, cancellationToken), null);
    }
}
