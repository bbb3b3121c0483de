using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Layers.EdgeCatalog.Observability;

/// <summary>
/// Renders the instruments of one meter in the Prometheus text exposition format (0.0.4). A listener is
/// attached for the scrape only: scrapes are rare and this keeps the request path free of listeners.
/// (OpenTelemetry's Prometheus exporter has no stable release; this covers the subset we use.)
/// </summary>
internal static class PrometheusExporter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Scrape(string meterName)
    {
        var series = new SortedDictionary<string, (Instrument Instrument, List<string> Lines)>(StringComparer.Ordinal);
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == meterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
                Add(series, instrument, value.ToString(CultureInfo.InvariantCulture), tags));
            listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
                Add(series, instrument, value.ToString(CultureInfo.InvariantCulture), tags));
            listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
                Add(series, instrument, value.ToString("R", CultureInfo.InvariantCulture), tags));
            listener.Start();
            listener.RecordObservableInstruments();
        }

        var text = new StringBuilder();
        foreach (var (name, (instrument, lines)) in series)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(IsCounter(instrument) ? "counter" : "gauge").Append('\n');
            foreach (string line in lines)
            {
                text.Append(line).Append('\n');
            }
        }
        return text.ToString();
    }

    private static bool IsCounter(Instrument instrument) => instrument is ObservableCounter<long> or Counter<long>;

    private static void Add(SortedDictionary<string, (Instrument, List<string>)> series, Instrument instrument, string value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string name = IsCounter(instrument) ? instrument.Name + "_total" : instrument.Name;
        if (!series.TryGetValue(name, out var entry))
        {
            entry = (instrument, []);
            series[name] = entry;
        }
        var line = new StringBuilder(name);
        if (tags.Length > 0)
        {
            line.Append('{');
            for (int i = 0; i < tags.Length; i++)
            {
                line.Append(i == 0 ? "" : ",").Append(tags[i].Key).Append("=\"");
                foreach (char c in tags[i].Value?.ToString() ?? "")
                {
                    line.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => c.ToString() });
                }
                line.Append('"');
            }
            line.Append('}');
        }
        entry.Item2.Add(line.Append(' ').Append(value).ToString());
    }
}
