using System.Runtime.InteropServices;

namespace CrmGrpc.Domain.Uplift;

/// <summary>
/// One customer's metric in the baseline window, the post window and the two baseline halves: the unit the
/// bootstrap resamples. 32 contiguous bytes, so one draw touches one cache line. Money is kept in minor units:
/// every value is a whole number, so sums are exact (below 2⁵³) and a zero baseline is exactly zero; ratios do
/// not depend on the unit, and means are divided by <see cref="MinorUnitsPerReported"/> when reported.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct CustomerValues(double Baseline, double Post, double Early, double Late)
{
    /// <summary>
    /// The metric of <paramref name="sums"/>: revenue and CLV in minor units, purchases as counts, repeat
    /// purchase as 0/1 (two or more purchases in the window). HISTORICAL_CLV is cumulative: the baseline is the
    /// net revenue to the change, the post value to the post window's end, and the halves to the midpoint and to
    /// the change.
    /// </summary>
    public static CustomerValues Of(UpliftMetric metric, CustomerWindowSums sums)
    {
        ArgumentNullException.ThrowIfNull(sums);
        static double Minor(long minor) => minor;
        static double Repeat(long purchases) => purchases >= 2 ? 1 : 0;
        var baseline = sums.Baseline;
        return metric switch
        {
            UpliftMetric.RevenuePerCustomer => new(Minor(baseline.NetMinor), Minor(sums.Post.NetMinor), Minor(sums.Early.NetMinor), Minor(sums.Late.NetMinor)),
            UpliftMetric.PurchaseFrequency => new(baseline.Purchases, sums.Post.Purchases, sums.Early.Purchases, sums.Late.Purchases),
            UpliftMetric.RepeatPurchaseRate => new(Repeat(baseline.Purchases), Repeat(sums.Post.Purchases), Repeat(sums.Early.Purchases), Repeat(sums.Late.Purchases)),
            UpliftMetric.HistoricalClv => new(
                Minor(sums.Prior.NetMinor + baseline.NetMinor),
                Minor(sums.Prior.NetMinor + baseline.NetMinor + sums.Post.NetMinor),
                Minor(sums.Prior.NetMinor + sums.Early.NetMinor),
                Minor(sums.Prior.NetMinor + baseline.NetMinor)),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown uplift metric"),
        };
    }

    /// <summary>What divides a mean of these values into the reported unit: minor units per major for money, else 1.</summary>
    public static int MinorUnitsPerReported(UpliftMetric metric, int minorPerMajor) =>
        metric is UpliftMetric.RevenuePerCustomer or UpliftMetric.HistoricalClv ? minorPerMajor : 1;

    /// <summary>True when the metric reads the customer's whole history, not only the windows.</summary>
    public static bool NeedsHistory(UpliftMetric metric) => metric == UpliftMetric.HistoricalClv;
}
