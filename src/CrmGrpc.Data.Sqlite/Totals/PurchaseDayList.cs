using System.Globalization;
using System.Text;

namespace CrmGrpc.Data.Sqlite.Totals;

/// <summary>
/// Reads <c>customer_totals.purchase_day_list</c> (migration 0007): day numbers, comma-separated, one per purchase,
/// in day order; and merges two of them when an import adds purchase days before a customer's last one.
/// </summary>
internal static class PurchaseDayList
{
    /// <summary>Both lists' days, one per purchase, in day order (SQL function <c>crm_merge_purchase_days</c>).</summary>
    /// <exception cref="FormatException">Something other than digits, a minus and commas.</exception>
    public static string Merge(string stored, string added)
    {
        var days = new List<long>();
        ReadAll(Encoding.ASCII.GetBytes(stored), days);
        ReadAll(Encoding.ASCII.GetBytes(added), days);
        days.Sort();
        return string.Join(',', days.Select(day => day.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>How many distinct days a list holds (SQL function <c>crm_count_purchase_days</c>).</summary>
    /// <exception cref="FormatException">Something other than digits, a minus and commas.</exception>
    public static long CountDistinct(string list)
    {
        var days = new List<long>();
        Parse(Encoding.ASCII.GetBytes(list), long.MaxValue, days);
        return days.Count;
    }

    /// <summary>
    /// Fills <paramref name="days"/> with the distinct days of <paramref name="list"/> up to <paramref name="lastDay"/>,
    /// ascending (sorted here should SQLite ever concatenate out of order).
    /// </summary>
    /// <exception cref="FormatException">Something other than digits, a minus and commas.</exception>
    public static void Parse(ReadOnlySpan<byte> list, long lastDay, List<long> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        days.Clear();
        var sorted = Read(list, days, distinct: true);
        PurchaseDays.Finish(days, sorted, lastDay);
    }

    private static void ReadAll(ReadOnlySpan<byte> list, List<long> days) => Read(list, days, distinct: false);

    // Appends the list's days to days (skipping a day equal to the one before when distinct); whether they came in order.
    private static bool Read(ReadOnlySpan<byte> list, List<long> days, bool distinct)
    {
        var sorted = true;
        var first = days.Count;
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
            if (days.Count > first && day <= days[^1])
            {
                sorted &= day == days[^1];
                if (distinct && day == days[^1])
                {
                    continue;
                }
            }

            days.Add(day);
        }

        return sorted;
    }
}
