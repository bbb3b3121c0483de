using System.CommandLine;
using Layers.Catalog.Snapshots;
using Layers.Catalog.Stores;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Cli;

/// <summary>What every store command shares: the <c>--store</c> option, and one way to open a store and turn failures into exit codes.</summary>
internal static class StoreCommand
{
    public static Option<string> StoreOption() => new("--store") { Description = "Store: s3://bucket/prefix, file:///path or a path", Required = true };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table" };

    /// <summary>
    /// Runs <paramref name="action"/> on the store: a URI that names no store is bad usage (2); an unreachable store,
    /// a store error or a refused snapshot fail (1) with the reason on stderr.
    /// </summary>
    public static async Task<int> WithStoreAsync(string uri, bool forWriting, Func<IObjectStore, Task<int>> action)
    {
        IObjectStore store;
        try
        {
            store = ObjectStores.Open(uri, forWriting);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        using (store)
        {
            try
            {
                return await action(store);
            }
            catch (Exception e) when (e is UsageException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is IOException or FormatException or SnapshotFormatException or HttpRequestException
                or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Failed;
            }
        }
    }
}

/// <summary>A command's arguments name something that is not there (an unknown version to diff): exit 2 with the reason.</summary>
internal sealed class UsageException(string message) : Exception(message);
