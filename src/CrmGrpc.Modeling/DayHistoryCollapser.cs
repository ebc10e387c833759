namespace CrmGrpc.Modeling;

/// <summary>
/// Collapses histories counted in whole days to distinct (x, t_x, T) with counts as they arrive, with the result of
/// <see cref="SummaryCollapser.Collapse"/> on the same histories in any <see cref="TimeUnit"/>. Each history is packed
/// in one 64-bit key that orders as x, then T, then t_x, so collapsing is sorting integers: keys gather in a buffer
/// that is sorted and merged into the counted runs whenever it fills. Measured at 1M customers (529k distinct): the
/// sort of <see cref="SummaryCollapser"/>'s result took 0.11–0.16 s after the last history arrived, this one's last
/// merge 0.02–0.06 s.
/// Memory is the distinct histories plus the buffer, whatever the number of customers.
/// </summary>
public sealed class DayHistoryCollapser
{
    private const int FieldBits = 21;
    private const long FieldMask = (1L << FieldBits) - 1;

    /// <summary>The largest day count (and repeat-day count) a history may have: 2²¹ − 1 days, over 5,700 years.</summary>
    public const long MaxDays = FieldMask;

    private readonly long[] _buffer;
    private readonly int[] _bufferCounts;
    private int _buffered;

    // The distinct keys so far, ascending, with their counts; the spare pair receives each merge.
    private long[] _keys = [];
    private int[] _counts = [];
    private long[] _spareKeys = [];
    private int[] _spareCounts = [];
    private int _distinct;

    /// <param name="bufferSize">Histories gathered before each sort and merge.</param>
    public DayHistoryCollapser(int bufferSize = 1 << 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        _buffer = new long[bufferSize];
        _bufferCounts = new int[bufferSize];
    }

    /// <summary>Customers added so far.</summary>
    public long Customers { get; private set; }

    /// <summary>Counts one customer's history: x repeat purchase days, t_x and T in days.</summary>
    /// <exception cref="ArgumentException">Not a history (negative, t_x &gt; T, t_x &gt; 0 without repeats) or beyond <see cref="MaxDays"/>.</exception>
    public void Add(int repeatDays, long recencyDays, long ageDays)
    {
        CustomerSummary.ValidateHistory(repeatDays, recencyDays, ageDays, nameof(recencyDays));
        if (ageDays > MaxDays || repeatDays > MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(ageDays), $"A history may span at most {MaxDays} days and repeat days (got T = {ageDays}, x = {repeatDays}).");
        }

        _buffer[_buffered++] = ((long)repeatDays << (2 * FieldBits)) | (ageDays << FieldBits) | recencyDays;
        Customers++;
        if (_buffered == _buffer.Length)
        {
            Merge();
        }
    }

    /// <summary>The distinct histories added so far with their counts, t_x and T in units of <paramref name="daysPerUnit"/> days, in <see cref="SummaryCollapser.Collapse"/>'s order.</summary>
    public WeightedSummary[] ToArray(double daysPerUnit) => ToArray([this], daysPerUnit);

    /// <summary>
    /// The distinct histories of several collapsers together, e.g. parts of a book collapsed on different threads, with
    /// their counts summed, as <see cref="ToArray(double)"/> gives them: the parts' counted runs are merged straight into
    /// the result, so nothing the size of the book is built twice.
    /// </summary>
    /// <exception cref="ArgumentException">The same collapser is named twice.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked every 65,536 keys).</exception>
    public static WeightedSummary[] ToArray(IReadOnlyList<DayHistoryCollapser> parts, double daysPerUnit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Distinct(ReferenceEqualityComparer.Instance).Count() != parts.Count)
        {
            throw new ArgumentException("A collapser is named twice.", nameof(parts));
        }

        foreach (var part in parts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            part.Merge();
        }

        // Two passes of one k-way merge: the first counts the distinct keys, the second writes them.
        var next = new int[parts.Count];
        WeightedSummary[]? result = null;
        while (true)
        {
            Array.Clear(next);
            var written = 0;
            while (NextKey(parts, next) is { } key)
            {
                if ((written & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var count = 0;
                for (var p = 0; p < parts.Count; p++)
                {
                    if (next[p] < parts[p]._distinct && parts[p]._keys[next[p]] == key)
                    {
                        count = checked(count + parts[p]._counts[next[p]++]);
                    }
                }

                if (result is not null)
                {
                    result[written] = new WeightedSummary(
                        (int)(key >> (2 * FieldBits)), (key & FieldMask) / daysPerUnit, ((key >> FieldBits) & FieldMask) / daysPerUnit, count);
                }

                written++;
            }

            if (result is not null)
            {
                return result;
            }

            result = new WeightedSummary[written];
        }
    }

    /// <summary>The smallest key at the parts' positions; null when every part is done.</summary>
    private static long? NextKey(IReadOnlyList<DayHistoryCollapser> parts, int[] next)
    {
        long? smallest = null;
        for (var p = 0; p < parts.Count; p++)
        {
            if (next[p] < parts[p]._distinct && (smallest is null || parts[p]._keys[next[p]] < smallest))
            {
                smallest = parts[p]._keys[next[p]];
            }
        }

        return smallest;
    }

    /// <summary>Sorts the buffer, counts its runs and merges them into the distinct keys.</summary>
    private void Merge()
    {
        if (_buffered == 0)
        {
            return;
        }

        var buffered = _buffer.AsSpan(0, _buffered);
        buffered.Sort();
        var runs = 0;
        for (var i = 0; i < buffered.Length; i++)
        {
            if (runs > 0 && _buffer[runs - 1] == buffered[i])
            {
                _bufferCounts[runs - 1]++;
            }
            else
            {
                _buffer[runs] = buffered[i];
                _bufferCounts[runs++] = 1;
            }
        }

        _buffered = 0;
        if (_spareKeys.Length < _distinct + runs)
        {
            var capacity = Math.Max(_distinct + runs, 2 * _keys.Length);
            _spareKeys = new long[capacity];
            _spareCounts = new int[capacity];
        }

        int from = 0, run = 0, to = 0;
        while (from < _distinct || run < runs)
        {
            if (run == runs || (from < _distinct && _keys[from] < _buffer[run]))
            {
                (_spareKeys[to], _spareCounts[to]) = (_keys[from], _counts[from]);
                from++;
            }
            else if (from == _distinct || _buffer[run] < _keys[from])
            {
                (_spareKeys[to], _spareCounts[to]) = (_buffer[run], _bufferCounts[run]);
                run++;
            }
            else
            {
                (_spareKeys[to], _spareCounts[to]) = (_keys[from], checked(_counts[from] + _bufferCounts[run]));
                from++;
                run++;
            }

            to++;
        }

        (_keys, _spareKeys) = (_spareKeys, _keys);
        (_counts, _spareCounts) = (_spareCounts, _counts);
        _distinct = to;
    }
}
