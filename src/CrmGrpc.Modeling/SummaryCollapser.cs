using System.Runtime.InteropServices;

namespace CrmGrpc.Modeling;

/// <summary>
/// Collapses customers to distinct (x, t_x, T) histories with counts, all at once (<see cref="Collapse"/>) or as they
/// arrive (<see cref="Add"/>, then <see cref="ToArray"/>), e.g. while the rest of the book is still being read.
/// </summary>
public sealed class SummaryCollapser
{
    private readonly Dictionary<HistoryKey, int> _counts;

    /// <param name="expectedCustomers">A hint to size the table; 0 when unknown.</param>
    public SummaryCollapser(int expectedCustomers = 0)
    {
        _counts = new Dictionary<HistoryKey, int>(Math.Clamp(expectedCustomers, 0, 1 << 16));
    }

    /// <summary>Customers added so far.</summary>
    public long Customers { get; private set; }

    /// <summary>
    /// Groups identical (Frequency, Recency, Age) triples (monetary value is ignored) and returns them with their
    /// counts, ordered by frequency, age, then recency so the result does not depend on input order.
    /// With T in whole days a book of millions of customers collapses to at most a few hundred thousand triples.
    /// </summary>
    /// <exception cref="ArgumentException">A summary is invalid (negative x, t_x &gt; T, …).</exception>
    public static WeightedSummary[] Collapse(ReadOnlySpan<CustomerSummary> customers)
    {
        var collapser = new SummaryCollapser(customers.Length);
        foreach (ref readonly var customer in customers)
        {
            collapser.Add(customer);
        }

        return collapser.ToArray();
    }

    /// <summary>Counts one customer's history.</summary>
    /// <exception cref="ArgumentException">The summary is invalid (negative x, t_x &gt; T, …).</exception>
    public void Add(in CustomerSummary customer)
    {
        customer.Validate(nameof(customer));
        ref int count = ref CollectionsMarshal.GetValueRefOrAddDefault(
            _counts, new HistoryKey(customer.Frequency, customer.Recency, customer.Age), out _);
        count = checked(count + 1);
        Customers++;
    }

    /// <summary>The distinct histories added so far with their counts, in <see cref="Collapse"/>'s order.</summary>
    public WeightedSummary[] ToArray()
    {
        var result = new WeightedSummary[_counts.Count];
        int index = 0;
        foreach (var (key, count) in _counts) result[index++] = new WeightedSummary(key.Frequency, key.Recency, key.Age, count);
        Array.Sort(result, static (left, right) =>
        {
            int byFrequency = left.Frequency.CompareTo(right.Frequency);
            if (byFrequency != 0) return byFrequency;
            int byAge = left.Age.CompareTo(right.Age);
            return byAge != 0 ? byAge : left.Recency.CompareTo(right.Recency);
        });
        return result;
    }

    /// <summary>Exact (bitwise, with 0.0 = −0.0 by validation) key with a cheap multiplicative hash.</summary>
    private readonly record struct HistoryKey(int Frequency, double Recency, double Age)
    {
        public bool Equals(HistoryKey other)
            => Frequency == other.Frequency && Recency == other.Recency && Age == other.Age;

        public override int GetHashCode()
        {
            // +0.0 normalises −0.0 so equal keys hash alike.
            ulong hash = (ulong)(uint)Frequency * 0x9E3779B97F4A7C15UL;
            hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(Recency + 0.0)) * 0xBF58476D1CE4E5B9UL;
            hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(Age + 0.0)) * 0x94D049BB133111EBUL;
            return (int)(hash ^ (hash >> 32));
        }
    }
}
