using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CrmGrpc.Domain.Uplift;

/// <summary>The four values summed over one resample of a group's customers.</summary>
public readonly record struct ResampleSums(double Baseline, double Post, double Early, double Late);

/// <summary>
/// The nonparametric bootstrap over customers: each resample draws n customers with replacement from the n of
/// the group and sums their values. A customer's baseline and post values travel together, so the
/// within-customer pairing (the reason a before/after ratio is precise) is kept.
/// <para>
/// Resamples run in parallel (<see cref="Parallel.For{TLocal}(int, int, ParallelOptions, Func{TLocal}, Func{int, ParallelLoopState, TLocal, TLocal}, Action{TLocal})"/>);
/// resample b seeds its own generator from (request seed, stream, b), so the answer does not depend on how many
/// threads ran or in what order, and each writes only its own slot of the result.
/// </para>
/// <para>
/// Allocation-light and cache-friendly: each worker owns one buffer of n draw counts. A resample counts how many
/// times each customer was drawn (random increments into a 4n-byte array that stays in cache) and then takes
/// Σ countᵢ × valuesᵢ in one sequential, vectorised pass. Measured 3–4× faster than summing the drawn customers'
/// values directly, whose random reads over 32n bytes miss the cache at 100k customers. Values are whole numbers
/// (see <see cref="CustomerValues"/>), so the sums are exact and do not depend on the order of addition.
/// </para>
/// </summary>
public static class CustomerBootstrap
{
    /// <summary>The sums of <paramref name="samples"/> resamples of <paramref name="values"/>.</summary>
    public static ResampleSums[] Run(
        CustomerValues[] values, int samples, long seed, ulong stream, int maxDegreeOfParallelism = -1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var results = new ResampleSums[samples];
        // The caller's scheduler: the server runs the bootstrap on its heavy threads, not the thread pool.
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism, TaskScheduler = TaskScheduler.Current };
        Parallel.For(
            0,
            samples,
            options,
            () => new int[values.Length],
            (b, _, counts) =>
            {
                results[b] = Resample(values, BootstrapRandom.ResampleSeed(seed, stream, b), counts);
                return counts;
            },
            static _ => { });
        return results;
    }

    /// <summary>One resample: n draws with replacement, counted into <paramref name="counts"/> (length n, any content), then summed.</summary>
    public static ResampleSums Resample(ReadOnlySpan<CustomerValues> values, ulong seed, Span<int> counts)
    {
        var n = values.Length;
        if (counts.Length != n)
        {
            throw new ArgumentException("needs one count per customer", nameof(counts));
        }

        counts.Clear();
        var random = new BootstrapRandom(seed);
        for (var i = 0; i < n; i++)
        {
            counts[random.NextIndex(n)]++;
        }

        return Weighted(values, counts);
    }

    /// <summary>The sums over the group itself (the point estimate's inputs).</summary>
    public static ResampleSums Total(ReadOnlySpan<CustomerValues> values)
    {
        double baseline = 0, post = 0, early = 0, late = 0;
        foreach (ref readonly var v in values)
        {
            baseline += v.Baseline;
            post += v.Post;
            early += v.Early;
            late += v.Late;
        }

        return new ResampleSums(baseline, post, early, late);
    }

    private static ResampleSums Weighted(ReadOnlySpan<CustomerValues> values, ReadOnlySpan<int> counts)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            // One customer's four values are one 256-bit vector.
            var vectors = MemoryMarshal.Cast<CustomerValues, Vector256<double>>(values);
            var sum = Vector256<double>.Zero;
            for (var i = 0; i < vectors.Length; i++)
            {
                sum += Vector256.Create((double)counts[i]) * vectors[i];
            }

            return new ResampleSums(sum.GetElement(0), sum.GetElement(1), sum.GetElement(2), sum.GetElement(3));
        }

        double baseline = 0, post = 0, early = 0, late = 0;
        for (var i = 0; i < values.Length; i++)
        {
            double c = counts[i];
            ref readonly var v = ref values[i];
            baseline += c * v.Baseline;
            post += c * v.Post;
            early += c * v.Early;
            late += c * v.Late;
        }

        return new ResampleSums(baseline, post, early, late);
    }
}
