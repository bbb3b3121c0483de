using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// docs/contract/edge.md "a request is answered wholly from one snapshot": the AOT edge under sustained load on
/// 127.0.0.1 while 200 new snapshots are announced. Every response must be complete, and its body must
/// be exactly one announced snapshot's body for the coding asked, under that body's ETag. The identity bodies
/// (40–62 tracks) are large enough to go by sendfile from a file each swap closes. Bounded: about 200
/// announcements at 40 ms, 6 clients.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public class SwapUnderLoadTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Announcements = 200;
    private static readonly string[] Codings = ["identity", "gzip", "br", "zstd"];

    [Fact]
    public async Task No_failed_short_or_mixed_response_while_200_snapshots_are_announced()
    {
        using var world = new EdgeWithStore();
        var (store, key) = (world.Store, world.Key);

        // Every body any snapshot can give, by ETag: the oracle every response is checked against.
        var snapshots = Enumerable.Range(0, Announcements + 1).AsParallel().AsOrdered()
            .Select(i => (Version: $"v{i:000}", Written: TestStore.Write($"v{i:000}", 40 + i % 23, seed: i)))
            .ToList();
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, written) in snapshots)
        {
            var decoded = SnapshotReader.Read(written.Blob);
            foreach (var encoding in Enum.GetValues<ContentEncoding>())
            {
                var section = decoded.ListBody(encoding);
                expected[$"\"{Convert.ToHexStringLower(section.Sha256.Span[..16])}\""] = Convert.ToHexStringLower(SHA256.HashData(section.Data.Span));
            }
        }
        Assert.Equal((Announcements + 1) * 4, expected.Count); // all distinct: a mixed response cannot hide

        await store.AnnounceAsync(snapshots[0].Version, snapshots[0].Written);
        var edge = (await world.StartAsync(firstVersion: null, environment: new Dictionary<string, string?> { ["LAYERS_POLL_INTERVAL"] = "20ms" })).Edge;

        using var announcing = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        long responses = 0, notModified = 0;
        var clients = Enumerable.Range(0, 6).Select(client => Task.Run(async () =>
        {
            var lastETags = new Dictionary<string, string>(); // per coding: each has its own ETag
            for (int n = 0; !announcing.IsCancellationRequested; n++)
            {
                string coding = Codings[(client + n) % Codings.Length];
                string? lastETag = lastETags.GetValueOrDefault(coding);
                using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tiktok-music");
                request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {key}");
                request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
                if (n % 5 == 0 && lastETag is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", lastETag);
                }
                try
                {
                    using var response = await edge.Client.SendAsync(request);
                    byte[] body = await response.Content.ReadAsByteArrayAsync();
                    string? etag = response.Headers.ETag?.Tag;
                    Interlocked.Increment(ref responses);
                    if (response.StatusCode == HttpStatusCode.NotModified)
                    {
                        Interlocked.Increment(ref notModified);
                        if (etag != lastETag || body.Length != 0)
                        {
                            failures.Enqueue($"304 with ETag {etag} for {lastETag}, {body.Length} bytes");
                        }
                        continue;
                    }
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"status {(int)response.StatusCode}");
                    }
                    else if (response.Content.Headers.ContentLength != body.Length)
                    {
                        failures.Enqueue($"short body: {body.Length} of {response.Content.Headers.ContentLength}");
                    }
                    else if (etag is null || !expected.TryGetValue(etag, out string? bodyHash))
                    {
                        failures.Enqueue($"unknown ETag {etag}");
                    }
                    else if (bodyHash != Convert.ToHexStringLower(SHA256.HashData(body)))
                    {
                        failures.Enqueue($"body does not match ETag {etag}: a mixed response");
                    }
                    if (etag is not null)
                    {
                        lastETags[coding] = etag;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    failures.Enqueue($"{e.GetType().Name}: {e.Message}");
                }
            }
        })).ToList();

        foreach (var (version, written) in snapshots.Skip(1))
        {
            await store.AnnounceAsync(version, written);
            await Task.Delay(40); // the pace of the announcements is the load's shape: a new snapshot every other poll, whether or not the last was swapped in
        }
        await edge.WaitUntilAsync(async () => (await edge.Client.GetStringAsync("/readyz")).Contains(snapshots[^1].Version), TimeSpan.FromSeconds(10));
        announcing.Cancel();
        await Task.WhenAll(clients);

        double swaps = await edge.MetricAsync("layers_snapshot_swaps_total");
        output.WriteLine($"{responses} responses ({notModified} 304), {swaps} swaps of {Announcements} announcements, {failures.Count} bad");
        Assert.True(failures.IsEmpty, $"{failures.Count} bad responses of {responses}, e.g. {string.Join("; ", failures.Take(5))}");
        Assert.True(responses > 1000, $"only {responses} responses");
        Assert.True(swaps >= 50, $"only {swaps} swaps happened under load");
        Assert.True(notModified > 0, "no conditional request was answered 304");
        Assert.Equal(0, await edge.MetricAsync("layers_snapshot_refused_total{reason=\"checksum_mismatch\"}"));
    }
}

/// <summary>
/// Tests that run alone: those that saturate the machine, so they neither starve nor are starved by others, and those
/// that count what the whole test process holds (open descriptors), which other tests' sockets would blur.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "runs alone";
}
