using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgBb;
using CrmGrpc.Modeling.Models.BgCnbdK;
using CrmGrpc.Modeling.Models.Sbg;

namespace CrmGrpc.Server.Application;

/// <summary>The server's calls into the model folders' input builders: the store's day numbers (long) to theirs (int).</summary>
internal static class ModelInputBuilders
{
    /// <summary>BG/CNBD-k's history (x, t_x, T, Σ ln inter-purchase times) of purchase days up to the calibration end.</summary>
    public static TimedHistory Timed(ReadOnlySpan<long> purchaseDays, long calibrationEndDay, TimeUnit unit) =>
        TimedHistoryBuilder.Build(ToDays(purchaseDays), checked((int)calibrationEndDay), unit)
        ?? throw new ArgumentException("A customer without a purchase by the calibration end has no history.", nameof(purchaseDays));

    /// <summary>BG/BB's period history (x, t_x, n) of purchase days up to an inclusive day.</summary>
    public static DiscreteHistory Discrete(ReadOnlySpan<long> purchaseDays, long asOfDay, TimeUnit unit) =>
        DiscreteHistoryBuilder.Build(ToDays(purchaseDays), checked((int)asOfDay), unit);

    /// <summary>sBG's cohorts: survivors of each acquisition period up to the calibration end.</summary>
    public static IReadOnlyList<CohortSurvival> Cohorts(IReadOnlyList<(long AcquiredDay, long? ChurnedDay)> customers, long calibrationEndDay, TimeUnit unit)
    {
        var tenures = new CustomerTenure[customers.Count];
        for (var i = 0; i < tenures.Length; i++)
        {
            var (acquired, churned) = customers[i];
            tenures[i] = new CustomerTenure(checked((int)acquired), churned is { } day ? checked((int)day) : null);
        }

        return CohortSurvivalBuilder.Build(tenures, checked((int)calibrationEndDay), unit);
    }

    /// <summary>The day a repeat purchase in period <paramref name="period"/> (absolute index) is counted: the period's last day.</summary>
    public static long PeriodLastDay(long period, long firstDay, TimeUnit unit) =>
        PeriodCalendar.PeriodStartDay(period + 1, checked((int)firstDay), unit) - 1;

    /// <summary>Whole periods after the first purchase's that have ended by an inclusive day.</summary>
    public static double PeriodsEnded(long firstDay, long asOfDay, TimeUnit unit) =>
        PeriodCalendar.PeriodsEnded(checked((int)firstDay), checked((int)asOfDay), unit);

    /// <summary>The absolute period index of a day, for a customer whose first purchase is on <paramref name="firstDay"/>.</summary>
    public static long PeriodOf(long day, long firstDay, TimeUnit unit) => PeriodCalendar.PeriodIndex(checked((int)day), checked((int)firstDay), unit);

    private static int[] ToDays(ReadOnlySpan<long> days)
    {
        var result = new int[days.Length];
        for (var i = 0; i < days.Length; i++)
        {
            result[i] = checked((int)days[i]);
        }

        return result;
    }
}
