using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Layers.SnapshotBuilder.Feed;

/// <summary>
/// A local feed file: a JSON array of items, or one JSON object a line. In JSON-lines form a bad line is
/// one bad item; a JSON array that does not parse is a broken feed.
/// </summary>
public sealed class FileFeedSource(string path, FeedLimits limits) : IFeedSource
{
    private readonly string _path = Path.GetFullPath(path);

    public string Description => $"file://{_path}";

    public string? LocalMediaRoot => Path.GetDirectoryName(_path);

    public async IAsyncEnumerable<FeedRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            var info = new FileInfo(_path);
            if (info.Exists && info.Length > limits.MaxFileBytes)
            {
                throw new FeedException($"{_path} is {info.Length} bytes, over the cap of {limits.MaxFileBytes}");
            }
            content = await File.ReadAllBytesAsync(_path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FeedException($"cannot read feed {_path}: {e.Message}", e);
        }

        int start = 0;
        while (start < content.Length && (char.IsWhiteSpace((char)content[start]) || content[start] == 0xEF || content[start] == 0xBB || content[start] == 0xBF))
        {
            start++; // white space and a UTF-8 BOM
        }
        var records = start < content.Length && content[start] == (byte)'[' ? FromArray(content) : FromLines(content);
        int count = 0;
        foreach (var record in records)
        {
            if (++count > limits.MaxItems)
            {
                throw new FeedException($"feed has more than {limits.MaxItems} items");
            }
            yield return record;
        }
    }

    private IEnumerable<FeedRecord> FromArray(byte[] content)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new FeedException($"{_path} is not a valid JSON array: {e.Message}", e);
        }
        using (document)
        {
            foreach (var item in document.RootElement.EnumerateArray())
            {
                yield return new FeedRecord(item.Clone(), null);
            }
        }
    }

    private static IEnumerable<FeedRecord> FromLines(byte[] content)
    {
        int lineNumber = 0;
        for (int start = 0; start < content.Length;)
        {
            int newline = Array.IndexOf(content, (byte)'\n', start);
            int end = newline < 0 ? content.Length : newline;
            var line = new ReadOnlyMemory<byte>(content, start, end - start);
            start = end + 1;
            lineNumber++;
            if (line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }
            FeedRecord record;
            try
            {
                using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
                record = new FeedRecord(document.RootElement.Clone(), null);
            }
            catch (JsonException e)
            {
                record = FeedRecord.Malformed($"line {lineNumber}: {e.Message}");
            }
            yield return record;
        }
    }
}
