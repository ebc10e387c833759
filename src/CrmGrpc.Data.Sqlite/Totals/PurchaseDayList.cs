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
        var merged = new MergedDays(stored, added);
        var written = 0;
        while (merged.Next(out _, out var token))
        {
            written = Append(destination, written, token);
        }

        if (merged.OutOfOrder)
        {
            // Every day read, sorted, and written again: the same digits as the lists had (no leading zeros, a minus
            // for a negative day), so it fits.
            Span<byte> digits = stackalloc byte[20];
            written = 0;
            foreach (var day in SortedDays(stored, added))
            {
                Utf8Formatter.TryFormat(day, digits, out var length);
                written = Append(destination, written, digits[..length]);
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
        var merged = new MergedDays(stored, added);
        var last = long.MinValue;
        long distinct = 0;
        while (merged.Next(out var day, out _))
        {
            distinct += day == last ? 0 : 1;
            last = day;
        }

        if (merged.OutOfOrder)
        {
            var days = SortedDays(stored, added);
            return days.Count == 0 ? 0 : 1 + Enumerable.Range(1, days.Count - 1).Count(i => days[i] != days[i - 1]);
        }

        return distinct;
    }

    // Both lists' days, one per purchase, sorted: what a merge comes to when a list is out of day order.
    private static List<long> SortedDays(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> added)
    {
        var days = new List<long>();
        ReadAll(stored, days);
        ReadAll(added, days);
        days.Sort();
        return days;
    }

    // Writes a comma unless first, then the day's digits; returns the bytes written so far.
    private static int Append(Span<byte> destination, int written, ReadOnlySpan<byte> token)
    {
        if (written > 0)
        {
            destination[written++] = (byte)',';
        }

        token.CopyTo(destination[written..]);
        return written + token.Length;
    }

    /// <summary>
    /// The days of two lists in day order, one pass over each, as long as each list is in day order itself: an in-order
    /// merge of two ordered lists never steps back, so a step back ends it with <see cref="OutOfOrder"/> set.
    /// </summary>
    private ref struct MergedDays
    {
        private readonly ReadOnlySpan<byte> _stored;
        private readonly ReadOnlySpan<byte> _added;
        private int _storedAt;
        private int _addedAt;
        private bool _hasStored;
        private bool _hasAdded;
        private long _storedDay;
        private long _addedDay;
        private ReadOnlySpan<byte> _storedToken;
        private ReadOnlySpan<byte> _addedToken;
        private long _last = long.MinValue;

        public MergedDays(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> added)
        {
            _stored = stored;
            _added = added;
            _hasStored = PurchaseDayList.Next(_stored, ref _storedAt, out _storedDay, out _storedToken);
            _hasAdded = PurchaseDayList.Next(_added, ref _addedAt, out _addedDay, out _addedToken);
        }

        /// <summary>A list stepped back: the days given so far are no merge; read and sort them instead.</summary>
        public bool OutOfOrder { get; private set; }

        /// <summary>The next day and its digits as the list has them; false at the end of both lists or at a step back.</summary>
        public bool Next(out long day, out ReadOnlySpan<byte> token)
        {
            var fromStored = _hasStored && (!_hasAdded || _storedDay <= _addedDay);
            day = fromStored ? _storedDay : _addedDay;
            token = fromStored ? _storedToken : _addedToken;
            if (!(_hasStored || _hasAdded) || day < _last)
            {
                OutOfOrder = _hasStored || _hasAdded;
                return false;
            }

            _last = day;
            if (fromStored)
            {
                _hasStored = PurchaseDayList.Next(_stored, ref _storedAt, out _storedDay, out _storedToken);
            }
            else
            {
                _hasAdded = PurchaseDayList.Next(_added, ref _addedAt, out _addedDay, out _addedToken);
            }

            return true;
        }
    }

    // The day starting at index (a token of the list), index moved past its comma; false at the end of the list.
    private static bool Next(ReadOnlySpan<byte> list, scoped ref int index, out long day, out ReadOnlySpan<byte> token)
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
        while (Next(list, ref index, out var day, out _))
        {
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
