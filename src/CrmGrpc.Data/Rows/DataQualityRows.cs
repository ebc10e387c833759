using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Quality;

namespace CrmGrpc.Data.Rows;

// Property classes, not positional records: on an empty result SQLite types expression columns as blobs,
// which Dapper cannot match to a constructor.

/// <summary>
/// One affected id of a data-quality check with the count of all of them: both stores' sampled check statements
/// return these columns, and <see cref="DataQualityRows.ToAffected"/> reads them.
/// </summary>
public sealed class AffectedRow
{
    public string Id { get; set; } = "";

    public long Total { get; set; }
}

/// <summary>Rejected import rows of one (code, entity), as both stores' rejection-count statement returns them.</summary>
public sealed class RejectionCount
{
    public long Code { get; set; }

    public string Entity { get; set; } = "";

    public long Rows { get; set; }
}

/// <summary>One sampled id of a rejected import row with its code, as both stores' rejection-sample statement returns it.</summary>
public sealed class RejectionSample
{
    public long Code { get; set; }

    public string RowId { get; set; } = "";
}

/// <summary>A purchase amount at a zero-based rank of the sorted amounts, as both stores' quartile statement returns it.</summary>
public sealed class RankedAmount
{
    public long Rank { get; set; }

    public long Amount { get; set; }
}

/// <summary>
/// A purchase above the book's fence with its customer's purchase count and median, as both stores' outlier statement
/// streams it; <see cref="DataQualityRows.CollectOutliersAsync"/> applies <see cref="OutlierRule"/> to it.
/// </summary>
public sealed class OutlierCandidate
{
    public string Id { get; set; } = "";

    public long Amount { get; set; }

    public long CustomerPurchases { get; set; }

    public double CustomerMedian { get; set; }
}

/// <summary>
/// Turns the rows of the data-quality statements into <see cref="QualityFacts"/> parts: the statements differ per store,
/// the rows and what is made of them do not.
/// </summary>
public static class DataQualityRows
{
    /// <summary>
    /// A check's count and its first <paramref name="sampleSize"/> ids. The store fetches at least one row even for a
    /// sample of 0 (LIMIT 0 would lose the count with the rows); the ids beyond the sample are dropped here.
    /// </summary>
    public static Affected ToAffected(IReadOnlyList<AffectedRow> rows, int sampleSize) =>
        rows.Count == 0 ? Affected.None : new Affected(rows[0].Total, rows.Take(sampleSize).Select(r => r.Id).ToList());

    /// <summary>The rejections per code in code order: the counts by entity with the code's sampled row ids.</summary>
    public static IReadOnlyList<RejectionFacts> ToRejections(IEnumerable<RejectionCount> counts, IEnumerable<RejectionSample> samples)
    {
        var idsByCode = samples.GroupBy(s => s.Code).ToDictionary(g => g.Key, g => g.Select(s => s.RowId).ToList());
        return counts
            .GroupBy(c => c.Code)
            .OrderBy(g => g.Key)
            .Select(g => new RejectionFacts(
                (RejectionReason)g.Key,
                g.ToDictionary(c => c.Entity, c => c.Rows, StringComparer.Ordinal),
                idsByCode.GetValueOrDefault(g.Key) ?? []))
            .ToList();
    }

    /// <summary>
    /// The ranks around Q1 and Q3 (<see cref="Quantile"/>) of the sorted purchase amounts of <paramref name="purchases"/>
    /// (at least one): the store's quartile statement fetches the amounts at these four ranks only.
    /// </summary>
    public static PurchaseQuartiles Quartiles(long purchases) =>
        new(purchases, Quantile.Ranks(purchases, 0.25), Quantile.Ranks(purchases, 0.75));

    /// <summary>
    /// Counts the streamed candidates that <see cref="OutlierRule"/> calls outliers and keeps the first
    /// <paramref name="sampleSize"/> of their ids.
    /// </summary>
    public static async Task<Affected> CollectOutliersAsync(
        IAsyncEnumerable<OutlierCandidate> candidates, OutlierFence fence, int sampleSize, CancellationToken cancellationToken)
    {
        var count = 0L;
        var sample = new List<string>(sampleSize);
        await foreach (var candidate in candidates.WithCancellation(cancellationToken))
        {
            if (OutlierRule.IsOutlier(candidate.Amount, fence.Fence, candidate.CustomerPurchases, candidate.CustomerMedian))
            {
                count++;
                if (sample.Count < sampleSize)
                {
                    sample.Add(candidate.Id);
                }
            }
        }

        return new Affected(count, sample);
    }
}

/// <summary>The ranks of the book's purchase quartiles, for the store's query, and the fence from the amounts it found there.</summary>
public sealed record PurchaseQuartiles(long Purchases, (long Lower, long Upper, double Fraction) Q1, (long Lower, long Upper, double Fraction) Q3)
{
    /// <summary>The book's fence from the amounts at <see cref="Q1"/>'s and <see cref="Q3"/>'s ranks.</summary>
    public OutlierFence Fence(IEnumerable<RankedAmount> amounts)
    {
        var byRank = amounts.ToDictionary(r => r.Rank, r => r.Amount);
        return new OutlierFence(
            Purchases,
            Quantile.Interpolate(byRank[Q1.Lower], byRank[Q1.Upper], Q1.Fraction),
            Quantile.Interpolate(byRank[Q3.Lower], byRank[Q3.Upper], Q3.Fraction));
    }
}
