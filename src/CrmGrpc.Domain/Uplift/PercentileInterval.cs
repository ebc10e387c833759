using CrmGrpc.Domain.Quality;

namespace CrmGrpc.Domain.Uplift;

/// <summary>A closed interval [Lower, Upper] of finite numbers.</summary>
public readonly record struct Interval(double Lower, double Upper)
{
    public bool Contains(double value) => value >= Lower && value <= Upper;

    public bool ExcludesZero => Lower > 0 || Upper < 0;
}

/// <summary>The outcome of <see cref="PercentileInterval.Of"/>: the interval, or why there is none.</summary>
public readonly record struct PercentileResult(Interval? Interval, int Undefined, int Unbounded, string? Reason);

/// <summary>
/// The percentile bootstrap interval (Efron): the (1 − level)/2 and (1 + level)/2 quantiles of the resampled
/// statistic, by linear interpolation between order statistics (type 7, as numpy). A resample whose ratio has a
/// zero denominator is +∞ or −∞ (it sorts into a tail) or, for 0/0 or a negative denominator, undefined and
/// left out; when a quantile lands on an infinite value the interval has no bound and is not given.
/// </summary>
public static class PercentileInterval
{
    public const double Level = 0.95;

    /// <summary>The interval of <paramref name="statistics"/>; the span is reordered in place.</summary>
    public static PercentileResult Of(Span<double> statistics, double level = Level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "must be in (0, 1)");
        }

        var kept = 0;
        var unbounded = 0;
        foreach (var value in statistics)
        {
            if (double.IsNaN(value))
            {
                continue;
            }

            unbounded += double.IsInfinity(value) ? 1 : 0;
            statistics[kept++] = value;
        }

        var undefined = statistics.Length - kept;
        if (kept < 2)
        {
            return new(null, undefined, unbounded, "fewer than two resamples gave a defined value");
        }

        var sorted = statistics[..kept];
        sorted.Sort();
        var lower = At(sorted, (1 - level) / 2);
        var upper = At(sorted, (1 + level) / 2);
        return double.IsFinite(lower) && double.IsFinite(upper)
            ? new(new Interval(lower, upper), undefined, unbounded, null)
            : new(null, undefined, unbounded, $"{unbounded} of {statistics.Length} resamples had a zero denominator, so the interval has no bound");
    }

    private static double At(ReadOnlySpan<double> sorted, double p)
    {
        var (lower, upper, fraction) = Quantile.Ranks(sorted.Length, p);
        double a = sorted[(int)lower], b = sorted[(int)upper];
        // 0 × ∞ is NaN: an exact rank, or equal neighbours, take the value itself.
        return fraction == 0 || a == b ? a : Quantile.Interpolate(a, b, fraction);
    }
}
