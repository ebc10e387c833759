using System.Buffers.Text;

namespace CrmGrpc.Data.Sqlite.Totals;

/// <summary>
/// Reads <c>customer_totals.purchase_day_list</c> (migration 0007): day numbers, comma-separated, one per purchase,
/// in day order; and merges two of them when an import adds purchase days before a customer's last one.
/// </summary>
internal static class PurchaseDayList
{
    /// <summary>The most bytes <see cref="Merge"/> writes for these lists: both, and a comma between them.</summary>
    public static int MergedLength(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> added) => stored.Length + 1 + added.Length;

    /// <summary>
    /// Writes both lists' days, one per purchase, in day order to <paramref name="destination"/> (at least
    /// <see cref="MergedLength"/> bytes) and returns the bytes written (SQL function <c>crm_merge_purchase_days</c>).
    /// Lists in day order (what the store keeps and the import's <c>group_concat … ORDER BY</c> gives) merge in one pass,
    /// their days copied as they are; any other is read, sorted and written again.
    /// </summary>
    /// <exception cref="FormatException">Something other than digits, a minus and commas.</exception>
    public static int Merge(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> added, Span<byte> destination)
    {
        var (storedAt, addedAt, written) = (0, 0, 0);
        var (hasStored, hasAdded) = (Next(stored, ref storedAt, out var storedDay, out var storedToken), Next(added, ref addedAt, out var addedDay, out var addedToken));
        var last = long.MinValue;
        while (hasStored || hasAdded)
        {
            var fromStored = hasStored && (!hasAdded || storedDay <= addedDay);
            var day = fromStored ? storedDay : addedDay;
            var token = fromStored ? storedToken : addedToken;
            if (day < last)
            {
                // A list out of day order: an in-order merge of two ordered lists never steps back.
                return MergeUnordered(stored, added, destination);
            }

            last = day;
            if (written > 0)
            {
                destination[written++] = (byte)',';
            }

            token.CopyTo(destination[written..]);
            written += token.Length;
            if (fromStored)
            {
                hasStored = Next(stored, ref storedAt, out storedDay, out storedToken);
            }
            else
            {
                hasAdded = Next(added, ref addedAt, out addedDay, out addedToken);
            }
        }

        return written;
    }

    /// <summary>
    /// How many distinct days the two lists hold together: the purchase days of <see cref="Merge"/>'s list, without
    /// writing it (SQL function <c>crm_count_merged_purchase_days</c>).
    /// </summary>
    /// <exception cref="FormatException">Something other than digits, a minus and commas.</exception>
    public static long CountMergedDistinct(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> added)
    {
        var (storedAt, addedAt) = (0, 0);
        var (hasStored, hasAdded) = (Next(stored, ref storedAt, out var storedDay, out _), Next(added, ref addedAt, out var addedDay, out _));
        var last = long.MinValue;
        long distinct = 0;
        while (hasStored || hasAdded)
        {
            var fromStored = hasStored && (!hasAdded || storedDay <= addedDay);
            var day = fromStored ? storedDay : addedDay;
            if (day < last)
            {
                var days = new List<long>();
                ReadAll(stored, days);
                ReadAll(added, days);
                days.Sort();
                return days.Count == 0 ? 0 : 1 + Enumerable.Range(1, days.Count - 1).Count(i => days[i] != days[i - 1]);
            }

            distinct += day == last ? 0 : 1;
            last = day;
            if (fromStored)
            {
                hasStored = Next(stored, ref storedAt, out storedDay, out _);
            }
            else
            {
                hasAdded = Next(added, ref addedAt, out addedDay, out _);
            }
        }

        return distinct;
    }

    // Lists out of day order: every day read, sorted, and written again.
    private static int MergeUnordered(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> added, Span<byte> destination)
    {
        var days = new List<long>();
        ReadAll(stored, days);
        ReadAll(added, days);
        days.Sort();
        var written = 0;
        foreach (var day in days)
        {
            if (written > 0)
            {
                destination[written++] = (byte)',';
            }

            // The same digits as the lists had (no leading zeros, a minus for a negative day), so it fits.
            Utf8Formatter.TryFormat(day, destination[written..], out var length);
            written += length;
        }

        return written;
    }

    // The day starting at index (a token of the list), index moved past its comma; false at the end of the list.
    private static bool Next(ReadOnlySpan<byte> list, ref int index, out long day, out ReadOnlySpan<byte> token)
    {
        day = 0;
        token = default;
        if (index >= list.Length)
        {
            return false;
        }

        var start = index;
        var negative = list[index] == (byte)'-';
        if (negative)
        {
            index++;
        }

        var digits = index;
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

        if (index == digits)
        {
            throw new FormatException($"purchase_day_list has an empty day at {index}");
        }

        token = list[start..index];
        day = negative ? -day : day;
        index++; // the comma
        return true;
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
