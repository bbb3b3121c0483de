using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Layers.SnapshotBuilder.Reporting;

/// <summary>
/// What a build tells its operator while it runs. On a terminal: a live progress line (stage, tracks done,
/// tracks/s). Otherwise (cron, Kubernetes): one JSON object a line, for the log pipeline.
/// </summary>
public interface IBuildLog
{
    void Event(string level, string name, string message);

    /// <summary>Called as work completes (<paramref name="total"/> 0 while unknown); implementations throttle what they print.</summary>
    void Progress(string stage, int done, int total);

    public static IBuildLog ForConsole() => Console.IsErrorRedirected ? new JsonBuildLog(Console.Error) : new TerminalBuildLog(Console.Error);

    public static readonly IBuildLog None = new JsonBuildLog(TextWriter.Null);
}

public sealed class TerminalBuildLog(TextWriter output) : IBuildLog
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _sinceStage = new();
    private string? _stage;
    private long _lastDrawn;

    public void Event(string level, string name, string message)
    {
        lock (_gate)
        {
            EndLine();
            output.WriteLine(level == "info" ? message : $"{level}: {message}");
        }
    }

    public void Progress(string stage, int done, int total)
    {
        lock (_gate)
        {
            if (stage != _stage)
            {
                EndLine();
                _stage = stage;
                _sinceStage.Restart();
            }
            long now = _sinceStage.ElapsedMilliseconds;
            if (done != total && now - _lastDrawn < 100)
            {
                return;
            }
            _lastDrawn = now;
            double rate = done / Math.Max(_sinceStage.Elapsed.TotalSeconds, 0.001);
            string of = total > 0 ? $"/{total,-6}" : "       ";
            output.Write($"\r\u001b[2K{stage,-8} {done,6}{of} tracks  {rate,8:0.0} tracks/s");
        }
    }

    private void EndLine()
    {
        if (_stage is not null)
        {
            output.WriteLine();
            _stage = null;
        }
    }
}

public sealed class JsonBuildLog(TextWriter output) : IBuildLog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _lastProgress = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Event(string level, string name, string message) => Write(level, name, message, null);

    public void Progress(string stage, int done, int total)
    {
        lock (_gate)
        {
            long now = _clock.ElapsedMilliseconds;
            if (done != total && _lastProgress.TryGetValue(stage, out long last) && now - last < 5000)
            {
                return; // a line every 5 s per stage, and one at its end
            }
            _lastProgress[stage] = now;
        }
        Write("info", "progress", $"{stage}: {done}/{total} tracks", (stage, done, total));
    }

    private void Write(string level, string name, string message, (string Stage, int Done, int Total)? progress)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            json.WriteString("level", level);
            json.WriteString("event", name);
            json.WriteString("message", message);
            if (progress is { } p)
            {
                json.WriteString("stage", p.Stage);
                json.WriteNumber("done", p.Done);
                json.WriteNumber("total", p.Total);
            }
            json.WriteEndObject();
        }
        lock (_gate)
        {
            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }
}
