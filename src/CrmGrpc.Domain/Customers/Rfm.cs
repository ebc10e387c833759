namespace CrmGrpc.Domain.Customers;

/// <summary>RFM quintile scores, 5 best: most recent, most frequent, most spent.</summary>
public readonly record struct RfmScore(int Recency, int Frequency, int Monetary)
{
    public string Code => $"{Recency}{Frequency}{Monetary}";
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
    private readonly long[] _recencyDays;
    private readonly long[] _frequency;
    private readonly long[] _monetary;

    /// <param name="recencyDays">Days since the last purchase of every purchasing customer (any order; sorted here).</param>
    public RfmDistribution(long[] recencyDays, long[] frequency, long[] monetary)
    {
        if (recencyDays.Length != frequency.Length || frequency.Length != monetary.Length)
        {
            throw new ArgumentException("The three distributions must cover the same customers.");
        }

        Array.Sort(recencyDays);
        Array.Sort(frequency);
        Array.Sort(monetary);
        (_recencyDays, _frequency, _monetary) = (recencyDays, frequency, monetary);
    }

    public int Customers => _frequency.Length;

    /// <summary>The scores of one purchasing customer; null when nobody in the book has purchased.</summary>
    public RfmScore? Score(long recencyDays, long frequency, long monetary) =>
        Customers == 0
            ? null
            : new RfmScore(6 - Quintile(_recencyDays, recencyDays), Quintile(_frequency, frequency), Quintile(_monetary, monetary));

    private static int Quintile(long[] sorted, long value)
    {
        var below = CountBelow(sorted, value, orEqual: false);
        var equal = CountBelow(sorted, value, orEqual: true) - below;
        var percentile = (below + (equal / 2.0)) / sorted.Length;
        return Math.Min(5, (int)Math.Floor(percentile * 5) + 1);
    }

    /// <summary>How many elements are below (or at) the value: a binary search, O(log n) however many are equal.</summary>
    private static int CountBelow(long[] sorted, long value, bool orEqual)
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
