using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Repositories;

/// <summary>The sums behind the portfolio metrics of one period, per group.</summary>
public interface IPortfolioRepository
{
    Task<PortfolioAggregates> ReadAsync(Period period, Grouping grouping, ChurnDefinition churn, CancellationToken cancellationToken);
}

/// <summary>The cohort × period sums of the retention matrix.</summary>
public interface ICohortRepository
{
    Task<CohortSums> ReadAsync(CohortWindow window, CancellationToken cancellationToken);
}

/// <summary>The counts and samples of the data-quality report.</summary>
public interface IDataQualityRepository
{
    Task<QualityFacts> ReadAsync(DateTimeOffset asOf, int sampleSize, CancellationToken cancellationToken);
}

/// <summary>The per-customer sums around a CRM change that uplift is measured on.</summary>
public interface IUpliftRepository
{
    /// <summary>
    /// The sums of each member of <paramref name="treated"/> and <paramref name="control"/> in the parts of
    /// <paramref name="windows"/>; with <paramref name="withHistory"/> the part before the baseline window too
    /// (HISTORICAL_CLV), otherwise only the windows are read and <see cref="CustomerWindowSums.Prior"/> is zero.
    /// </summary>
    Task<UpliftObservations> ReadAsync(
        string changeId, UpliftWindows windows, bool withHistory, GroupSelection treated, GroupSelection? control,
        CancellationToken cancellationToken);
}

/// <summary>Per-customer facts read in bulk: recalculations, segmentations, RFM and the fits' purchase histories.</summary>
public interface ICustomerScanRepository
{
    /// <summary>How many customers <paramref name="selection"/> matches.</summary>
    Task<long> CountAsync(CustomerSelection selection, CancellationToken cancellationToken);

    /// <summary>The book's RFM distribution as of <paramref name="asOf"/> (the quintile edges of each score).</summary>
    Task<RfmDistribution> ReadRfmDistributionAsync(DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>
    /// Every purchasing customer's history up to <paramref name="asOf"/> (of <paramref name="segment"/> when given), in
    /// chunks: <paramref name="onChunk"/> gets its part's number and a chunk, which is reused after the call. The
    /// customers are split into <paramref name="parts"/> ranges read at once; one part's calls never overlap. All parts
    /// see one snapshot of the book.
    /// </summary>
    Task ReadPurchaseHistoriesAsync(
        string? segment, DateTimeOffset asOf, int parts, Action<int, ReadOnlySpan<PurchaseHistory>> onChunk, CancellationToken cancellationToken);

    /// <summary>The facts of every customer <paramref name="selection"/> matches, in customer-key order, streamed.</summary>
    IAsyncEnumerable<CustomerFacts> ScanAsync(CustomerSelection selection, DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>As <see cref="ScanAsync(CustomerSelection, DateTimeOffset, CancellationToken)"/>, with each customer's purchase days when asked.</summary>
    IAsyncEnumerable<CustomerFacts> ScanAsync(
        CustomerSelection selection, DateTimeOffset asOf, bool withPurchaseDays, CancellationToken cancellationToken);
}
