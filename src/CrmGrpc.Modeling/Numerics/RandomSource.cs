using System.Numerics;

namespace CrmGrpc.Modeling.Numerics;

/// <summary>
/// Seeded xoshiro256** generator (Blackman &amp; Vigna 2018) seeded through SplitMix64, with the few distributions the
/// simulator needs. Our own generator so a seed gives the same book on every .NET version and platform.
/// </summary>
internal sealed class RandomSource
{
    private ulong _s0, _s1, _s2, _s3;

    public RandomSource(ulong seed)
    {
        ulong state = seed;
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private ulong NextBits()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on the open interval (0, 1), so logarithms are always finite.</summary>
    public double NextUniform() => ((NextBits() >> 11) + 0.5) * (1.0 / (1UL << 53));

    public double NextExponential() => -Math.Log(NextUniform());

    public double NextStandardNormal()
    {
        // Box–Muller; the second variate is discarded for simplicity.
        return Math.Sqrt(-2 * Math.Log(NextUniform())) * Math.Cos(2 * Math.PI * NextUniform());
    }

    /// <summary>ln of a Gamma(shape, 1) draw; in logs so shapes near zero (draws below 1e-300) stay representable.</summary>
    public double NextLogGamma(double shape)
    {
        if (shape >= 1) return Math.Log(MarsagliaTsang(shape));
        // Gamma(k) = Gamma(k+1) · U^(1/k) (Marsaglia & Tsang 2000, §6).
        return Math.Log(MarsagliaTsang(shape + 1)) + Math.Log(NextUniform()) / shape;
    }

    /// <summary>Gamma(shape, rate) draw.</summary>
    public double NextGamma(double shape, double rate) => Math.Exp(NextLogGamma(shape)) / rate;

    /// <summary>Beta(a, b) draw via two Gamma draws combined in logs.</summary>
    public double NextBeta(double a, double b)
    {
        double logX = NextLogGamma(a), logY = NextLogGamma(b);
        return 1 / (1 + Math.Exp(logY - logX));
    }

    private double MarsagliaTsang(double shape)
    {
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = NextStandardNormal();
            double v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = NextUniform();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) return d * v;
            if (Math.Log(u) < 0.5 * x2 + d * (1 - v + Math.Log(v))) return d * v;
        }
    }
}
