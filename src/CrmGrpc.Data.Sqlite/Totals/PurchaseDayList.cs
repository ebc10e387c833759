namespace CrmGrpc.Data.Sqlite.Totals;

/// <summary>
/// Reads <c>customer_totals.purchase_day_list</c> (migration 0007): day numbers, comma-separated, one per purchase,
/// in day order as the customer-time index gives them.
/// </summary>
internal static class PurchaseDayList
{
    /// <summary>
    /// Fills <paramref name="days"/> with the distinct days of <paramref name="list"/> up to <paramref name="lastDay"/>,
    /// ascending (sorted here should SQLite ever concatenate out of order).
    /// </summary>
    /// <exception cref="FormatException">Something other than digits, a minus and commas.</exception>
    public static void Parse(ReadOnlySpan<byte> list, long lastDay, List<long> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        days.Clear();
        var sorted = true;
        var index = 0;
        while (index < list.Length)
        {
            var negative = list[index] == (byte)'-';
            if (negative)
            {
                index++;
            }

            long day = 0;
            var start = index;
            while (index < list.Length && list[index] != (byte)',')
            {
                var digit = list[index] - (byte)'0';
                if ((uint)digit > 9)
                {
                    throw new FormatException($"purchase_day_list holds '{(char)list[index]}' at {index}");
                }

                day = (day * 10) + digit;
                index++;
            }

            if (index == start)
            {
                throw new FormatException($"purchase_day_list has an empty day at {index}");
            }

            index++; // the comma
            day = negative ? -day : day;
            if (days.Count > 0 && day <= days[^1])
            {
                sorted &= day == days[^1];
                if (day == days[^1])
                {
                    continue;
                }
            }

            days.Add(day);
        }

        PurchaseDays.Finish(days, sorted, lastDay);
    }
}
