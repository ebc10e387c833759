using System.Runtime.InteropServices;

namespace CrmGrpc.Modeling;

/// <summary>Collapses customers to distinct (x, t_x, T) histories with counts.</summary>
public static class SummaryCollapser
{
    /// <summary>
    /// Groups identical (Frequency, Recency, Age) triples (monetary value is ignored) and returns them with their
    /// counts, ordered by frequency, age, then recency so the result does not depend on input order.
    /// With T in whole days a book of millions of customers collapses to at most a few hundred thousand triples.
    /// </summary>
    /// <exception cref="ArgumentException">A summary is invalid (negative x, t_x &gt; T, …).</exception>
    public static WeightedSummary[] Collapse(ReadOnlySpan<CustomerSummary> customers)
    {
        var counts = new Dictionary<HistoryKey, int>(Math.Min(customers.Length, 1 << 16));
        for (int i = 0; i < customers.Length; i++)
        {
            var customer = customers[i];
            customer.Validate(nameof(customers));
            ref int count = ref CollectionsMarshal.GetValueRefOrAddDefault(
                counts, new HistoryKey(customer.Frequency, customer.Recency, customer.Age), out _);
            count = checked(count + 1);
        }

        var result = new WeightedSummary[counts.Count];
        int index = 0;
        foreach (var (key, count) in counts) result[index++] = new WeightedSummary(key.Frequency, key.Recency, key.Age, count);
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
