namespace Layers.SnapshotBuilder.Audio;

/// <summary>
/// Integrated loudness per ITU-R BS.1770-4 / EBU R128, and sample peak, measured while samples stream in.
/// <list type="bullet">
/// <item>K-weighting: the two biquads of BS.1770 (high shelf, then RLB high-pass), derived for any sample
/// rate with the analogue prototypes libebur128 uses, so 44.1 kHz is exact, not the 48 kHz table.</item>
/// <item>400 ms gating blocks with 75% overlap: energy is summed per 100 ms segment, and each block is four
/// consecutive segments; only complete blocks count.</item>
/// <item>Absolute gate −70 LUFS, then relative gate 10 LU below the loudness of the blocks that passed it.</item>
/// </list>
/// Channel weights are 1 for the channels an MP3 can carry (mono, stereo). A mono 1 kHz sine at 0 dBFS
/// reads −3.01 LUFS; silence reads −∞.
/// </summary>
public sealed class LoudnessMeter
{
    private const double AbsoluteGateLufs = -70;
    private const double RelativeGateLu = -10;

    private readonly int _channels;
    private readonly int _segmentLength;
    private readonly Biquad[] _shelf;
    private readonly Biquad[] _highPass;
    private readonly List<double> _segments = [];
    private double _segmentEnergy;
    private int _segmentFill;
    private double _peak;
    private long _frames;

    public LoudnessMeter(int sampleRate, int channels)
    {
        if (sampleRate < 8000 || channels is < 1 or > 2)
        {
            throw new ArgumentException($"unsupported format: {sampleRate} Hz, {channels} channels");
        }
        SampleRate = sampleRate;
        _channels = channels;
        _segmentLength = (int)Math.Round(sampleRate * 0.1);
        _shelf = new Biquad[channels];
        _highPass = new Biquad[channels];
        for (int c = 0; c < channels; c++)
        {
            _shelf[c] = Biquad.HighShelf(sampleRate);
            _highPass[c] = Biquad.HighPass(sampleRate);
        }
    }

    public int SampleRate { get; }

    public double DurationSeconds => (double)_frames / SampleRate;

    /// <summary>Feeds interleaved samples in [-1, 1]; any whole number of frames.</summary>
    public void Add(ReadOnlySpan<float> interleaved)
    {
        for (int i = 0; i + _channels <= interleaved.Length; i += _channels)
        {
            double frameEnergy = 0;
            for (int c = 0; c < _channels; c++)
            {
                double x = interleaved[i + c];
                double magnitude = Math.Abs(x);
                if (magnitude > _peak)
                {
                    _peak = magnitude;
                }
                double y = _highPass[c].Process(_shelf[c].Process(x));
                frameEnergy += y * y;
            }
            _segmentEnergy += frameEnergy;
            if (++_segmentFill == _segmentLength)
            {
                _segments.Add(_segmentEnergy);
                _segmentEnergy = 0;
                _segmentFill = 0;
            }
            _frames++;
        }
    }

    /// <summary>Sample peak in dBFS (−∞ for digital silence).</summary>
    public double SamplePeakDbfs => 20 * Math.Log10(_peak);

    /// <summary>Integrated loudness in LUFS; −∞ when no block passes the absolute gate (silence, or under 400 ms).</summary>
    public double IntegratedLufs()
    {
        int blocks = _segments.Count - 3;
        if (blocks <= 0)
        {
            return double.NegativeInfinity;
        }
        var blockPower = new double[blocks];
        double blockSamples = 4.0 * _segmentLength;
        for (int j = 0; j < blocks; j++)
        {
            blockPower[j] = (_segments[j] + _segments[j + 1] + _segments[j + 2] + _segments[j + 3]) / blockSamples;
        }
        double absoluteGated = GatedMean(blockPower, PowerOf(AbsoluteGateLufs));
        if (double.IsNaN(absoluteGated))
        {
            return double.NegativeInfinity;
        }
        double relativeGate = PowerOf(LufsOf(absoluteGated) + RelativeGateLu);
        double gated = GatedMean(blockPower, Math.Max(relativeGate, PowerOf(AbsoluteGateLufs)));
        return double.IsNaN(gated) ? double.NegativeInfinity : LufsOf(gated);
    }

    private static double GatedMean(double[] powers, double threshold)
    {
        double sum = 0;
        int count = 0;
        foreach (double power in powers)
        {
            if (power > threshold)
            {
                sum += power;
                count++;
            }
        }
        return count == 0 ? double.NaN : sum / count;
    }

    private static double LufsOf(double power) => -0.691 + 10 * Math.Log10(power);

    private static double PowerOf(double lufs) => Math.Pow(10, (lufs + 0.691) / 10);

    /// <summary>Direct form I biquad in double precision.</summary>
    private struct Biquad
    {
        private double _b0, _b1, _b2, _a1, _a2;
        private double _x1, _x2, _y1, _y2;

        public double Process(double x)
        {
            double y = _b0 * x + _b1 * _x1 + _b2 * _x2 - _a1 * _y1 - _a2 * _y2;
            _x2 = _x1;
            _x1 = x;
            _y2 = _y1;
            _y1 = y;
            return y;
        }

        /// <summary>BS.1770 stage 1: the head's acoustic effect, a +4 dB high shelf around 1.7 kHz.</summary>
        public static Biquad HighShelf(int sampleRate)
        {
            const double f0 = 1681.974450955533, gainDb = 3.999843853973347, q = 0.7071752369554196;
            double k = Math.Tan(Math.PI * f0 / sampleRate);
            double vh = Math.Pow(10, gainDb / 20);
            double vb = Math.Pow(vh, 0.4996667741545416);
            double a0 = 1 + k / q + k * k;
            return new Biquad
            {
                _b0 = (vh + vb * k / q + k * k) / a0,
                _b1 = 2 * (k * k - vh) / a0,
                _b2 = (vh - vb * k / q + k * k) / a0,
                _a1 = 2 * (k * k - 1) / a0,
                _a2 = (1 - k / q + k * k) / a0,
            };
        }

        /// <summary>BS.1770 stage 2: the RLB high-pass around 38 Hz.</summary>
        public static Biquad HighPass(int sampleRate)
        {
            const double f0 = 38.13547087602444, q = 0.5003270373238773;
            double k = Math.Tan(Math.PI * f0 / sampleRate);
            double a0 = 1 + k / q + k * k;
            return new Biquad
            {
                _b0 = 1,
                _b1 = -2,
                _b2 = 1,
                _a1 = 2 * (k * k - 1) / a0,
                _a2 = (1 - k / q + k * k) / a0,
            };
        }
    }
}
