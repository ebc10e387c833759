namespace CrmGrpc.Modeling.Models.BgBb;

/// <summary>
/// One customer's discrete-time history for BG/BB (Fader, Hardie &amp; Shang 2010), in whole periods of a time unit.
/// Period 0 holds the first purchase; periods 1…n are the transaction opportunities observed by the calibration end.
/// </summary>
/// <param name="Frequency">x: periods among 1…n with at least one purchase.</param>
/// <param name="Recency">t_x: the index of the last such period; 0 when x = 0.</param>
/// <param name="Periods">n: whole periods after the first that ended on or before the calibration end.</param>
public readonly record struct DiscreteHistory(int Frequency, int Recency, int Periods)
{
    /// <summary>The history as a summary for <see cref="SummaryCollapser.Collapse"/> (t_x and T = n as whole numbers).</summary>
    public CustomerSummary ToSummary() => new(Frequency, Recency, Periods);
}

/// <summary>Bins a customer's purchase days into the periods of <see cref="DiscreteHistory"/>.</summary>
public static class DiscreteHistoryBuilder
{
    /// <summary>
    /// The (x, t_x, n) of a customer from its distinct purchase days (UTC day numbers since 1970-01-01, sorted ascending)
    /// and the inclusive calibration end day. Periods: for <see cref="TimeUnit.Days"/> and <see cref="TimeUnit.Weeks"/>
    /// runs of 1 or 7 days from the first purchase day; for <see cref="TimeUnit.Months"/> and <see cref="TimeUnit.Years"/>
    /// the calendar months or years of the UTC dates, period 0 being the first purchase's. n counts the periods after
    /// period 0 whose last day is on or before the calibration end (0 while period 0 has not ended); purchases in period 0 after the first, in a period
    /// that has not ended by the calibration end, or after it, do not count.
    /// </summary>
    /// <exception cref="ArgumentException">No purchase days, days not strictly ascending, or a calibration end before the first purchase.</exception>
    public static DiscreteHistory Build(ReadOnlySpan<int> purchaseDays, int calibrationEndDay, TimeUnit unit)
    {
        if (purchaseDays.IsEmpty) throw new ArgumentException("A history needs at least one purchase day.", nameof(purchaseDays));
        int first = purchaseDays[0];
        if (calibrationEndDay < first)
        {
            throw new ArgumentException($"The calibration end (day {calibrationEndDay}) is before the first purchase (day {first}).", nameof(calibrationEndDay));
        }

        int periods = checked((int)PeriodCalendar.PeriodsEnded(first, calibrationEndDay, unit));
        int frequency = 0, recency = 0;
        long firstPeriod = PeriodCalendar.PeriodIndex(first, first, unit);
        long lastCounted = 0;
        for (int i = 1; i < purchaseDays.Length; i++)
        {
            if (purchaseDays[i] <= purchaseDays[i - 1])
            {
                throw new ArgumentException($"Purchase days must be distinct and ascending (day {purchaseDays[i]} follows {purchaseDays[i - 1]}).", nameof(purchaseDays));
            }
            long period = PeriodCalendar.PeriodIndex(purchaseDays[i], first, unit) - firstPeriod;
            if (period > periods) continue; // in the period still open at the calibration end, or after it
            if (period == 0 || period == lastCounted) continue;
            frequency++;
            recency = (int)period;
            lastCounted = period;
        }
        return new DiscreteHistory(frequency, recency, periods);
    }
}
