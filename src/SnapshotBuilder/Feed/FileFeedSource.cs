using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Layers.SnapshotBuilder.Feed;

/// <summary>
/// A local feed file: a JSON array of items, one JSON object a line, or one saved answer of an HTTP source
/// (either envelope of <see cref="FeedEnvelope"/>). In JSON-lines form a bad line is one bad item; an array or
/// an envelope that does not parse is a broken feed.
/// </summary>
public sealed class FileFeedSource(string path, FeedLimits limits) : IFeedSource
{
    private readonly string _path = Path.GetFullPath(path);
    private readonly FeedOrigin _origin = new($"file://{Path.GetFullPath(path)}", Path.GetDirectoryName(Path.GetFullPath(path)));

    public string Description => _origin.Description;

    public IReadOnlyList<FeedOrigin> Origins => [_origin];

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
        var records = start >= content.Length ? []
            : content[start] == (byte)'[' ? FromDocument(content, start)
            : content[start] == (byte)'{' && IsSingleEnvelope(content, start) ? FromDocument(content, start)
            : FromLines(content);
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

    private IEnumerable<FeedRecord> FromDocument(byte[] content, int start)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content.AsMemory(start), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new FeedException($"{_path} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            foreach (var item in FeedEnvelope.Read(document.RootElement, _path).Items.EnumerateArray())
            {
                yield return new FeedRecord(_origin, item.Clone());
            }
        }
    }

    /// <summary>A file holding one JSON object that is an envelope (a saved page), not a one-line JSON-lines feed.</summary>
    private static bool IsSingleEnvelope(byte[] content, int start)
    {
        var reader = new Utf8JsonReader(content.AsSpan(start), new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            // Look only at the root object's own property names, skipping their values.
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            bool items = false, code = false, data = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                items |= reader.ValueTextEquals("items"u8);
                code |= reader.ValueTextEquals("code"u8);
                data |= reader.ValueTextEquals("data"u8);
                reader.Read();
                reader.Skip();
            }
            return items || (code && data);
        }
        catch (JsonException)
        {
            return false; // then it is JSON lines, and the bad line is one bad item
        }
    }

    private IEnumerable<FeedRecord> FromLines(byte[] content)
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
                record = new FeedRecord(_origin, document.RootElement.Clone());
            }
            catch (JsonException e)
            {
                record = FeedRecord.Malformed(_origin, $"line {lineNumber}: {e.Message}");
            }
            yield return record;
        }
    }
}
