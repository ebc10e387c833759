namespace CrmGrpc.Modeling.Models.BgCnbdK;

/// <summary>
/// A customer's <see cref="TimedHistory"/> from its purchase days, as BTYDplus' <c>elog2cbs</c> summarises an event log:
/// x = purchase days after the first, t_x = last − first, T = calibration end − first (the end day inclusive), and
/// litt = Σ ln of the x inter-purchase times, all in days or weeks (days / 7).
/// </summary>
public static class TimedHistoryBuilder
{
    /// <param name="purchaseDays">The customer's distinct purchase days (UTC day numbers), ascending; same-day purchases already merged.</param>
    /// <param name="calibrationEndDay">The last day of the calibration period (its purchases count).</param>
    /// <param name="unit">Days or weeks.</param>
    /// <returns>The history over the purchases on or before <paramref name="calibrationEndDay"/>; null when there are none.</returns>
    /// <exception cref="ArgumentException">The days are not strictly ascending, or the unit is a calendar unit.</exception>
    public static TimedHistory? Build(ReadOnlySpan<int> purchaseDays, int calibrationEndDay, TimeUnit unit)
    {
        if (unit.IsCalendar()) throw new ArgumentException($"BG/CNBD-k histories are in days or weeks, not {unit}.", nameof(unit));
        double daysPerUnit = unit.DaysPerUnit();
        for (int i = 1; i < purchaseDays.Length; i++)
        {
            if (purchaseDays[i] <= purchaseDays[i - 1])
                throw new ArgumentException("Purchase days must be distinct and ascending (merge same-day purchases first).", nameof(purchaseDays));
        }
        if (purchaseDays.IsEmpty || purchaseDays[0] > calibrationEndDay) return null;

        int first = purchaseDays[0];
        int last = first;
        int repeats = 0;
        double logInterPurchaseSum = 0;
        for (int i = 1; i < purchaseDays.Length && purchaseDays[i] <= calibrationEndDay; i++)
        {
            logInterPurchaseSum += Math.Log((purchaseDays[i] - purchaseDays[i - 1]) / daysPerUnit);
            last = purchaseDays[i];
            repeats++;
        }
        return new TimedHistory(repeats, (last - first) / daysPerUnit, (calibrationEndDay - first) / daysPerUnit, logInterPurchaseSum);
    }
}
