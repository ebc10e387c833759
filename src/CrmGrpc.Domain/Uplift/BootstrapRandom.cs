using System.Numerics;

namespace CrmGrpc.Domain.Uplift;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna 2018) seeded through SplitMix64, on the stack: one per resample, so each
/// resample's draws depend only on its own seed and never on which thread ran it or in which order. Our own
/// generator so a seed gives the same interval on every .NET version and platform.
/// </summary>
public struct BootstrapRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public BootstrapRandom(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    /// <summary>
    /// The seed of resample <paramref name="index"/> of stream <paramref name="stream"/> (one stream per group or
    /// breakdown cell) under the request's <paramref name="seed"/>: a SplitMix64 hash of the three.
    /// </summary>
    public static ulong ResampleSeed(long seed, ulong stream, int index)
    {
        unchecked
        {
            var state = (ulong)seed ^ Finalize(stream + 0x632BE59BD9B4E019UL);
            state = Finalize(state) + ((ulong)index * 0x9E3779B97F4A7C15UL);
            return Finalize(state);
        }
    }

    /// <summary>A stable 64-bit hash (FNV-1a) of a label, to name a stream: string.GetHashCode changes per process.</summary>
    public static ulong StreamOf(string label)
    {
        unchecked
        {
            var hash = 0xCBF29CE484222325UL;
            foreach (var c in label)
            {
                hash = (hash ^ c) * 0x100000001B3UL;
            }

            return Finalize(hash);
        }
    }

    public ulong NextBits()
    {
        unchecked
        {
            var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = BitOperations.RotateLeft(_s3, 45);
            return result;
        }
    }

    /// <summary>A uniform index in [0, <paramref name="n"/>) without modulo bias (Lemire 2019, multiply and reject).</summary>
    public int NextIndex(int n)
    {
        unchecked
        {
            var bound = (ulong)n;
            var high = Math.BigMul(NextBits(), bound, out var low);
            if (low < bound)
            {
                var threshold = (0UL - bound) % bound;
                while (low < threshold)
                {
                    high = Math.BigMul(NextBits(), bound, out low);
                }
            }

            return (int)high;
        }
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            return Finalize(state);
        }
    }

    private static ulong Finalize(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
