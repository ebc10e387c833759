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
        var counts = new Dictionary<(int Frequency, double Recency, double Age), int>(Math.Min(customers.Length, 1 << 16));
        for (int i = 0; i < customers.Length; i++)
        {
            var customer = customers[i];
            customer.Validate(nameof(customers));
            var key = (customer.Frequency, customer.Recency, customer.Age);
            counts[key] = counts.TryGetValue(key, out int count) ? checked(count + 1) : 1;
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
}
