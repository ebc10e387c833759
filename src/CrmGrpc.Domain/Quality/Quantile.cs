namespace CrmGrpc.Domain.Quality;

/// <summary>
/// Quantiles by linear interpolation between closest ranks (Hyndman and Fan type 7; numpy's default, Excel's
/// PERCENTILE.INC): for n sorted values x₀ … xₙ₋₁, h = (n − 1) p and Q(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).
/// Split in two so that a store can fetch only the two ranks it needs from an ordered scan.
/// </summary>
public static class Quantile
{
    /// <summary>The zero-based ranks around quantile <paramref name="p"/> of <paramref name="n"/> values and the weight of the upper one.</summary>
    public static (long Lower, long Upper, double Fraction) Ranks(long n, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "must be in [0, 1]");
        }

        var h = (n - 1) * p;
        var lower = (long)Math.Floor(h);
        return (lower, Math.Min(lower + 1, n - 1), h - lower);
    }

    public static double Interpolate(double lowerValue, double upperValue, double fraction) =>
        lowerValue + (fraction * (upperValue - lowerValue));

    /// <summary>Quantile <paramref name="p"/> of values already sorted ascending (tests and small inputs).</summary>
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        var (lower, upper, fraction) = Ranks(sorted.Count, p);
        return Interpolate(sorted[(int)lower], sorted[(int)upper], fraction);
    }
}
