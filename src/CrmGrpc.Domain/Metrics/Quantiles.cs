namespace CrmGrpc.Domain.Metrics;

/// <summary>Quantiles of a sample as numpy and pandas compute them by default (linear interpolation, "type 7").</summary>
public static class Quantiles
{
    /// <param name="sorted">The sample, ascending and not empty.</param>
    public static double Of(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("The sample is empty.", nameof(sorted));
        }

        var h = (sorted.Count - 1) * Math.Clamp(q, 0, 1);
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((h - lower) * (sorted[upper] - sorted[lower]));
    }
}

/// <summary>
/// The best <c>k</c> items seen so far under an order, in O(k) memory: a page of a ranking that is computed
/// by streaming over the whole book.
/// </summary>
public sealed class TopK<T>(int k, IComparer<T> order)
{
    // The heap's root is the worst item kept, so a better newcomer replaces it.
    private readonly PriorityQueue<T, T> _heap = new(Comparer<T>.Create((a, b) => order.Compare(b, a)));

    public int Count => _heap.Count;

    public void Offer(T item)
    {
        if (_heap.Count < k)
        {
            _heap.Enqueue(item, item);
        }
        else if (k > 0 && order.Compare(item, _heap.Peek()) < 0)
        {
            _heap.DequeueEnqueue(item, item);
        }
    }

    /// <summary>The kept items, best first.</summary>
    public List<T> Ordered()
    {
        var items = _heap.UnorderedItems.Select(e => e.Element).ToList();
        items.Sort(order);
        return items;
    }
}
