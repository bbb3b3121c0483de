using NLayer;

namespace Layers.SnapshotBuilder.Audio;

/// <summary>What was measured of a preview. Loudness is −∞ for silence; measurements are stored so a track is decoded once.</summary>
public sealed record AudioAnalysis(double DurationSeconds, double IntegratedLufs, double SamplePeakDbfs, int SampleRate, int Channels);

/// <summary>The preview cannot be decoded as MPEG audio.</summary>
public sealed class UndecodableAudioException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Decodes an MP3 with NLayer (managed, no native code) and measures it.</summary>
public static class Mp3Analyzer
{
    /// <summary>Previews are short; decoding stops here so a hostile file cannot burn minutes of CPU.</summary>
    public const double MaxDecodedSeconds = 600;

    public static AudioAnalysis Analyze(byte[] mp3)
    {
        try
        {
            using var file = new MpegFile(new MemoryStream(mp3, writable: false));
            if (file.SampleRate <= 0 || file.Channels is < 1 or > 2)
            {
                throw new UndecodableAudioException($"no MPEG audio stream ({file.SampleRate} Hz, {file.Channels} channels)");
            }
            var meter = new LoudnessMeter(file.SampleRate, file.Channels);
            float[] buffer = new float[file.Channels * 4096];
            long maxSamples = (long)(MaxDecodedSeconds * file.SampleRate * file.Channels);
            long total = 0;
            int read;
            while ((read = file.ReadSamples(buffer, 0, buffer.Length)) > 0)
            {
                meter.Add(buffer.AsSpan(0, read - read % file.Channels));
                total += read;
                if (total >= maxSamples)
                {
                    break;
                }
            }
            if (total == 0)
            {
                throw new UndecodableAudioException("no audio frames decoded");
            }
            return new AudioAnalysis(meter.DurationSeconds, meter.IntegratedLufs(), meter.SamplePeakDbfs, file.SampleRate, file.Channels);
        }
        catch (UndecodableAudioException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or NotSupportedException or NullReferenceException)
        {
            // NLayer reports corrupt input through a variety of exception types.
            throw new UndecodableAudioException($"not decodable as MP3: {e.Message}", e);
        }
    }
}

/// <summary>Volume thresholds (docs/contract/builder.md, step 5); every one is configurable on the command line.</summary>
public sealed record VolumeThresholds(double MinLufs = -35, double MaxLufs = -5, double MinDurationSeconds = 5)
{
    /// <summary>Null when the preview is acceptable, else the reason token for the report.</summary>
    public string? Verdict(AudioAnalysis analysis) => analysis switch
    {
        { DurationSeconds: var d } when d < MinDurationSeconds => "volume:too_short",
        { IntegratedLufs: double.NegativeInfinity } => "volume:silent",
        { IntegratedLufs: var l } when l < MinLufs => "volume:too_quiet",
        { IntegratedLufs: var l } when l > MaxLufs => "volume:too_loud",
        _ => null,
    };
}
