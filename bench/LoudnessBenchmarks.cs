using BenchmarkDotNet.Attributes;
using Layers.SnapshotBuilder.Audio;

namespace Layers.Bench;

/// <summary>The volume check's cost: the BS.1770 meter alone (10 s of 44.1 kHz stereo PCM), and MP3 decode + meter (an 8 s preview).</summary>
[MemoryDiagnoser]
public class LoudnessBenchmarks
{
    private float[] _pcm = [];
    private byte[] _mp3 = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _pcm = new float[44100 * 2 * 10];
        for (int i = 0; i < _pcm.Length; i++)
        {
            _pcm[i] = (float)(random.NextDouble() * 0.5 - 0.25);
        }
        _mp3 = File.ReadAllBytes(Path.Combine(Paths.Repo, "tests", "SnapshotBuilder.Tests", "Fixtures", "audio", "pink-stereo.mp3"));
    }

    /// <summary>Divide by 10 for the cost per second of audio.</summary>
    [Benchmark]
    public double Meter_10s_stereo_44k()
    {
        var meter = new LoudnessMeter(44100, 2);
        meter.Add(_pcm);
        return meter.IntegratedLufs();
    }

    /// <summary>Divide by 8 for the cost per second of audio.</summary>
    [Benchmark]
    public double DecodeAndMeasure_8s_mp3() => Mp3Analyzer.Analyze(_mp3).IntegratedLufs;
}

internal static class Paths
{
    public static string Repo { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LayersMusic.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("run from inside the repository");
    }
}
