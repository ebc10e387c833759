using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Quality;

/// <summary>How many rows or customers a check found, and the first few of their ids in id order.</summary>
public sealed record Affected(long Count, IReadOnlyList<string> SampleIds)
{
    public static readonly Affected None = new(0, []);
}

/// <summary>
/// The ingest log's rejections with one code: rejections per entity (a row rejected again on a replay counts
/// again), and the first few distinct non-empty row ids in id order.
/// </summary>
public sealed record RejectionFacts(RejectionReason Code, IReadOnlyDictionary<string, long> ByEntity, IReadOnlyList<string> SampleIds)
{
    public long Count => ByEntity.Values.Sum();
}

/// <summary>The quartiles of the book's purchase amounts (minor units) and the fence of <see cref="OutlierRule"/>.</summary>
public sealed record OutlierFence(long Purchases, double Q1, double Q3)
{
    public double Fence => OutlierRule.BookFence(Q1, Q3);
}

/// <summary>Everything the store found, check by check, before it is described.</summary>
public sealed record QualityFacts
{
    public DateTimeOffset AsOf { get; init; }

    public IReadOnlyList<RejectionFacts> Rejections { get; init; } = [];

    public Affected RefundsExceedPurchases { get; init; } = Affected.None;

    public Affected FutureTransactions { get; init; } = Affected.None;

    public Affected TransactionsBeforeAcquisition { get; init; } = Affected.None;

    public Affected ChurnBeforeAcquisition { get; init; } = Affected.None;

    public Affected CustomersWithoutTransactions { get; init; } = Affected.None;

    /// <summary>The book's quartiles; null when the book holds no purchase.</summary>
    public OutlierFence? Fence { get; init; }

    public Affected OutlierAmounts { get; init; } = Affected.None;
}
