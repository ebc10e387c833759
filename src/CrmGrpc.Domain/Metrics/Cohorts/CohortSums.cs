namespace CrmGrpc.Domain.Metrics.Cohorts;

/// <summary>One cohort's size: the customers acquired in calendar bucket <see cref="Bucket"/> (see <see cref="CohortCalendar"/>).</summary>
public readonly record struct CohortSize(int Bucket, long Customers);

/// <summary>
/// One cohort's transactions in one period since acquisition (0 = the acquisition bucket): the members with
/// at least one purchase in it, and the net revenue (purchases − refunds) in minor units.
/// </summary>
public readonly record struct CohortPeriodSums(int Bucket, int Index, long ActiveCustomers, double NetRevenueMinor);

/// <summary>What the store reads for a retention matrix; cohorts without members are absent.</summary>
public sealed record CohortSums(IReadOnlyList<CohortSize> Sizes, IReadOnlyList<CohortPeriodSums> Periods);
