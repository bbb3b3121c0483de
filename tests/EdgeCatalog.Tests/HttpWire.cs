namespace Layers.EdgeCatalog.Tests;

/// <summary>Reads HTTP/1.1 responses off a raw stream, as a client that speaks the wire itself.</summary>
internal static class HttpWire
{
    private const int MaxHeadBytes = 64 * 1024;

    /// <summary>
    /// One response (Content-Length-framed, chunked, or bodiless: 1xx, 204, 304, or to a HEAD when
    /// <paramref name="toHead"/>); Status 0 at end of stream.
    /// </summary>
    public static async Task<(int Status, byte[] Body)> ReadResponseAsync(Stream stream, CancellationToken cancellationToken = default, bool toHead = false)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return (0, []);
            }
            head.Add(one[0]);
            if (head.Count > MaxHeadBytes)
            {
                throw new InvalidDataException("response head too long");
            }
        }
        string[] lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
        string[] statusLine = lines[0].Split(' ');
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(statusLine[1], out int status))
        {
            throw new InvalidDataException($"not a status line: {lines[0]}");
        }
        string? Header(string name) => lines.Skip(1).FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();
        if (toHead || status is < 200 or 204 or 304)
        {
            return (status, []);
        }
        if (Header("Transfer-Encoding") is { } coding && coding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return (status, await ReadChunkedAsync(stream, cancellationToken));
        }
        byte[] body = new byte[Header("Content-Length") is { } length ? int.Parse(length) : 0];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return (status, body);
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream stream, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        while (true)
        {
            string sizeLine = await ReadLineAsync(stream, cancellationToken);
            int size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                while ((await ReadLineAsync(stream, cancellationToken)).Length > 0)
                {
                }
                return body.ToArray();
            }
            byte[] chunk = new byte[size];
            await stream.ReadExactlyAsync(chunk, cancellationToken);
            body.Write(chunk);
            await ReadLineAsync(stream, cancellationToken);
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 2 || line[^2] != '\r' || line[^1] != '\n')
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new EndOfStreamException("the stream ended inside a chunked body");
            }
            line.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. line])[..^2];
    }
}
