namespace CrmGrpc.Domain.Customers;

/// <summary>RFM quintile scores, 5 best: most recent, most frequent, most spent.</summary>
public readonly record struct RfmScore(int Recency, int Frequency, int Monetary)
{
    /// <summary>The three scores as one code, e.g. "545".</summary>
    public string Code => InRange(Recency) && InRange(Frequency) && InRange(Monetary)
        ? Codes[((Recency - 1) * 25) + ((Frequency - 1) * 5) + (Monetary - 1)]
        : $"{Recency}{Frequency}{Monetary}";

    // The 125 codes of scores 1 to 5, made once: a recalculation asks for one per customer.
    private static readonly string[] Codes =
        [.. Enumerable.Range(0, 125).Select(i => $"{1 + (i / 25)}{1 + (i / 5 % 5)}{1 + (i % 5)}")];

    private static bool InRange(int score) => score is >= 1 and <= 5;
}

/// <summary>
/// The book's distribution of recency (days since the last purchase), frequency (purchase transactions) and
/// monetary value (total purchase amount) over customers who purchased, and quintile scores against it.
/// A value's score is from its mid-rank percentile, p = (below + equal / 2) / n, as score = ⌊5p⌋ + 1
/// (capped at 5): equal values always share a score, so a book where most customers bought once does not
/// split them arbitrarily. Recency is reversed: fewer days is better.
/// </summary>
public sealed class RfmDistribution
{
    private readonly QuintileCuts _recencyDays;
    private readonly QuintileCuts _frequency;
    private readonly QuintileCuts _monetary;

    /// <param name="recencyDays">Days since the last purchase of every purchasing customer (any order; sorted here).</param>
    public RfmDistribution(long[] recencyDays, long[] frequency, long[] monetary)
        : this(recencyDays.AsMemory(), frequency.AsMemory(), monetary.AsMemory())
    {
    }

    /// <param name="recencyDays">Days since the last purchase of every purchasing customer (any order; sorted in place).</param>
    public RfmDistribution(Memory<long> recencyDays, Memory<long> frequency, Memory<long> monetary)
    {
        if (recencyDays.Length != frequency.Length || frequency.Length != monetary.Length)
        {
            throw new ArgumentException("The three distributions must cover the same customers.");
        }

        Customers = frequency.Length;
        QuintileCuts? recencyCuts = null, frequencyCuts = null, monetaryCuts = null;

        // Three independent sorts of up to a million values each: one per core, of the caller's scheduler.
        Parallel.Invoke(
            new ParallelOptions { TaskScheduler = TaskScheduler.Current },
            () => recencyCuts = new QuintileCuts(recencyDays.Span),
            () => frequencyCuts = new QuintileCuts(frequency.Span),
            () => monetaryCuts = new QuintileCuts(monetary.Span));
        (_recencyDays, _frequency, _monetary) = (recencyCuts!, frequencyCuts!, monetaryCuts!);
    }

    /// <summary>
    /// Collects a store's rows, one purchasing customer each, into three buffers sized from the store's estimate and
    /// sorted where they lie: at a million customers 24 MB, where growing lists and their copies took three times that.
    /// </summary>
    public sealed class Builder(int expectedCustomers)
    {
        private long[] _recencyDays = new long[Math.Max(expectedCustomers, 16)];
        private long[] _frequency = new long[Math.Max(expectedCustomers, 16)];
        private long[] _monetary = new long[Math.Max(expectedCustomers, 16)];

        public int Count { get; private set; }

        public void Add(long recencyDays, long frequency, long monetary)
        {
            if (Count == _recencyDays.Length)
            {
                var length = checked(Count * 2);
                Array.Resize(ref _recencyDays, length);
                Array.Resize(ref _frequency, length);
                Array.Resize(ref _monetary, length);
            }

            (_recencyDays[Count], _frequency[Count], _monetary[Count]) = (recencyDays, frequency, monetary);
            Count++;
        }

        public RfmDistribution Build() => new(_recencyDays.AsMemory(0, Count), _frequency.AsMemory(0, Count), _monetary.AsMemory(0, Count));
    }

    public int Customers { get; }

    /// <summary>The scores of one purchasing customer; null when nobody in the book has purchased.</summary>
    public RfmScore? Score(long recencyDays, long frequency, long monetary) =>
        Customers == 0
            ? null
            : new RfmScore(6 - _recencyDays.Quintile(recencyDays), _frequency.Quintile(frequency), _monetary.Quintile(monetary));

    /// <summary>
    /// One distribution reduced to where its quintile score steps up. The score never falls as the value grows
    /// (a larger value has at least the smaller one's below-or-equal count below it), so four cut points
    /// found once by binary search give every later score in four comparisons, without keeping the values.
    /// </summary>
    private sealed class QuintileCuts
    {
        // _cuts[k] is the smallest value scoring k + 2 or more; null when no value does.
        private readonly long?[] _cuts = new long?[4];

        public QuintileCuts(Span<long> values)
        {
            values.Sort();
            for (var k = 0; k < _cuts.Length; k++)
            {
                var score = k + 2;
                _cuts[k] = values.Length > 0 && ScoreOf(values, long.MaxValue) >= score ? SmallestScoring(values, score) : null;
            }
        }

        public int Quintile(long value)
        {
            var score = 1;
            for (var k = 0; k < _cuts.Length && _cuts[k] is { } cut && value >= cut; k++)
            {
                score = k + 2;
            }

            return score;
        }

        /// <summary>The smallest value whose score is at least <paramref name="score"/> (one exists).</summary>
        private static long SmallestScoring(ReadOnlySpan<long> sorted, int score)
        {
            var (low, high) = (long.MinValue, long.MaxValue);
            while (low < high)
            {
                var middle = (long)(((Int128)low + high) >> 1);
                if (ScoreOf(sorted, middle) >= score)
                {
                    high = middle;
                }
                else
                {
                    low = middle + 1;
                }
            }

            return low;
        }

        /// <summary>The score from the mid-rank percentile, p = (below + equal / 2) / n, as ⌊5p⌋ + 1 capped at 5.</summary>
        private static int ScoreOf(ReadOnlySpan<long> sorted, long value)
        {
            var below = CountBelow(sorted, value, orEqual: false);
            var equal = CountBelow(sorted, value, orEqual: true) - below;
            var percentile = (below + (equal / 2.0)) / sorted.Length;
            return Math.Min(5, (int)Math.Floor(percentile * 5) + 1);
        }

        /// <summary>How many elements are below (or at) the value: a binary search, O(log n) however many are equal.</summary>
        private static int CountBelow(ReadOnlySpan<long> sorted, long value, bool orEqual)
        {
            var (low, high) = (0, sorted.Length);
            while (low < high)
            {
                var middle = low + ((high - low) >> 1);
                if (sorted[middle] < value || (orEqual && sorted[middle] == value))
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }
    }
}
