using System.Globalization;
using Layers.SnapshotBuilder.Audio;

namespace Layers.SnapshotBuilder.Tests;

public class LoudnessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string FixtureDir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "audio");

    private static float[] Sine(int sampleRate, double frequency, double amplitude, double seconds, int channels = 1)
    {
        int frames = (int)(sampleRate * seconds);
        float[] samples = new float[frames * channels];
        for (int i = 0; i < frames; i++)
        {
            float value = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
            for (int c = 0; c < channels; c++)
            {
                samples[i * channels + c] = value;
            }
        }
        return samples;
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    [InlineData(32000)]
    public void A_1_kHz_sine_at_0_dBFS_reads_minus_3_01_LUFS(int sampleRate)
    {
        var meter = new LoudnessMeter(sampleRate, 1);
        meter.Add(Sine(sampleRate, 1000, 1.0, 10));
        Assert.InRange(meter.IntegratedLufs(), -3.11, -2.91);
        Assert.InRange(meter.SamplePeakDbfs, -0.01, 0.0);
    }

    [Fact]
    public void Stereo_is_the_sum_of_its_channels_and_level_changes_are_linear_in_dB()
    {
        var mono = new LoudnessMeter(48000, 1);
        mono.Add(Sine(48000, 1000, 0.5, 10));
        var stereo = new LoudnessMeter(48000, 2);
        stereo.Add(Sine(48000, 1000, 0.5, 10, channels: 2));
        Assert.InRange(stereo.IntegratedLufs() - mono.IntegratedLufs(), 3.0, 3.03);
        Assert.InRange(mono.IntegratedLufs(), -3.01 - 6.02 - 0.1, -3.01 - 6.02 + 0.1);
    }

    [Fact]
    public void Gating_ignores_silence_around_the_program()
    {
        // 5 s of tone, 20 s of digital silence: the absolute gate drops the silence, so the reading is the tone's.
        var meter = new LoudnessMeter(48000, 1);
        meter.Add(Sine(48000, 1000, 1.0, 5));
        meter.Add(new float[48000 * 20]);
        Assert.InRange(meter.IntegratedLufs(), -3.2, -2.9);
        Assert.InRange(meter.DurationSeconds, 24.99, 25.01);
    }

    [Fact]
    public void Silence_and_too_short_input_read_minus_infinity()
    {
        var silent = new LoudnessMeter(44100, 2);
        silent.Add(new float[44100 * 2 * 5]);
        Assert.Equal(double.NegativeInfinity, silent.IntegratedLufs());
        var short_ = new LoudnessMeter(44100, 1);
        short_.Add(Sine(44100, 1000, 1.0, 0.3));
        Assert.Equal(double.NegativeInfinity, short_.IntegratedLufs());
    }

    public static TheoryData<string, double, double> Fixtures()
    {
        var data = new TheoryData<string, double, double>();
        foreach (string line in File.ReadAllLines(Path.Combine(FixtureDir, "expected.tsv")))
        {
            string[] fields = line.Split('\t');
            data.Add(fields[0], double.Parse(fields[1], CultureInfo.InvariantCulture),
                fields[2] == "-inf" ? double.NegativeInfinity : double.Parse(fields[2], CultureInfo.InvariantCulture));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Mp3_fixtures_read_within_half_a_LU_of_ffmpeg_ebur128(string name, double ffmpegLufs, double ffmpegPeak)
    {
        var analysis = Mp3Analyzer.Analyze(File.ReadAllBytes(Path.Combine(FixtureDir, name + ".mp3")));
        output.WriteLine($"{name}: {analysis.IntegratedLufs:0.00} LUFS (ffmpeg {ffmpegLufs:0.0}), peak {analysis.SamplePeakDbfs:0.00} dBFS (ffmpeg {ffmpegPeak:0.0})");
        if (ffmpegLufs <= -70)
        {
            Assert.Equal(double.NegativeInfinity, analysis.IntegratedLufs); // ffmpeg prints its gate, -70, for silence
            return;
        }
        Assert.InRange(analysis.IntegratedLufs, ffmpegLufs - 0.5, ffmpegLufs + 0.5);
        Assert.InRange(analysis.SamplePeakDbfs, ffmpegPeak - 0.5, ffmpegPeak + 0.5);
    }

    [Theory]
    [InlineData("sine-1k-m10db", null)]
    [InlineData("pink-stereo", null)]
    [InlineData("sine-1k-m20db", "volume:too_quiet")]
    [InlineData("pink-stereo-quiet", "volume:too_quiet")]
    [InlineData("loud-square", "volume:too_loud")]
    [InlineData("silence", "volume:silent")]
    [InlineData("short-sine", "volume:too_short")]
    public void Volume_check_drops_silent_quiet_loud_and_short_previews(string name, string? verdict) =>
        Assert.Equal(verdict, new VolumeThresholds().Verdict(Mp3Analyzer.Analyze(File.ReadAllBytes(Path.Combine(FixtureDir, name + ".mp3")))));

    [Fact]
    public void Thresholds_are_configurable()
    {
        var analysis = Mp3Analyzer.Analyze(File.ReadAllBytes(Path.Combine(FixtureDir, "sine-1k-m20db.mp3")));
        Assert.Null(new VolumeThresholds(MinLufs: -45).Verdict(analysis));
        Assert.Equal("volume:too_short", new VolumeThresholds(MinDurationSeconds: 10).Verdict(analysis));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 })]
    public void Non_mp3_input_is_undecodable(byte[] bytes) =>
        Assert.Throws<UndecodableAudioException>(() => Mp3Analyzer.Analyze(bytes));

    [Fact]
    public void Random_bytes_are_undecodable_not_a_crash()
    {
        var random = new Random(42);
        for (int i = 0; i < 20; i++)
        {
            byte[] junk = new byte[4096];
            random.NextBytes(junk);
            try
            {
                var analysis = Mp3Analyzer.Analyze(junk);
                Assert.NotNull(new VolumeThresholds().Verdict(analysis)); // whatever decodes from noise is never a valid preview
            }
            catch (UndecodableAudioException)
            {
            }
        }
    }
}
