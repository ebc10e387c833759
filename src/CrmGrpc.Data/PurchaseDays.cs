namespace CrmGrpc.Data;

/// <summary>The distinct purchase days both stores read from <c>customer_totals.purchase_day_list</c>, each in its own format.</summary>
public static class PurchaseDays
{
    /// <summary>
    /// Completes <paramref name="days"/>, gathered in the list's order with repeats of the previous day skipped: sorted
    /// and made distinct when the list came out of order (<paramref name="sorted"/> false), then cut after
    /// <paramref name="lastDay"/>.
    /// </summary>
    public static void Finish(List<long> days, bool sorted, long lastDay)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (!sorted)
        {
            days.Sort();
            var distinct = 1;
            for (var i = 1; i < days.Count; i++)
            {
                if (days[i] != days[distinct - 1])
                {
                    days[distinct++] = days[i];
                }
            }

            days.RemoveRange(distinct, days.Count - distinct);
        }

        var kept = days.Count;
        while (kept > 0 && days[kept - 1] > lastDay)
        {
            kept--;
        }

        days.RemoveRange(kept, days.Count - kept);
    }
}
