namespace CrmGrpc.Data.Postgres.Reads;

/// <summary>Reads <c>customer_totals.purchase_day_list</c>: the day of each purchase, in day order (a day once per purchase on it).</summary>
internal static class PurchaseDayList
{
    /// <summary>
    /// Fills <paramref name="days"/> with the distinct days of <paramref name="list"/> up to <paramref name="lastDay"/>,
    /// ascending (sorted here should a list ever come out of order).
    /// </summary>
    public static void Distinct(int[]? list, long lastDay, List<long> days)
    {
        days.Clear();
        if (list is null)
        {
            return;
        }

        var sorted = true;
        foreach (var day in list)
        {
            if (days.Count > 0 && day <= days[^1])
            {
                if (day == days[^1])
                {
                    continue;
                }

                sorted = false;
            }

            days.Add(day);
        }

        PurchaseDays.Finish(days, sorted, lastDay);
    }
}
