using System.Globalization;

namespace Layers.Catalog.Common;

/// <summary>Durations as operators write them (docs/contract/edge.md): <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>12h</c>, <c>1d</c>.</summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var span = text.AsSpan().Trim();
        int unitStart = 0;
        while (unitStart < span.Length && char.IsAsciiDigit(span[unitStart]))
        {
            unitStart++;
        }
        if (unitStart == 0 || !long.TryParse(span[..unitStart], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            return false;
        }
        double? milliseconds = span[unitStart..] switch
        {
            "ms" => value,
            "s" => value * 1_000d,
            "m" => value * 60_000d,
            "h" => value * 3_600_000d,
            "d" => value * 86_400_000d,
            _ => null,
        };
        if (milliseconds is null or <= 0 || milliseconds > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }
        duration = TimeSpan.FromMilliseconds(milliseconds.Value);
        return true;
    }

    public static TimeSpan Parse(string text, string what) =>
        TryParse(text, out var duration) ? duration : throw new FormatException($"{what}: '{text}' is not a duration like 500ms, 30s, 5m or 12h");
}
