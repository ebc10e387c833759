using CrmGrpc.Domain.Metrics.Cohorts;

namespace CrmGrpc.Data.Rows;

// Property classes, not positional records: on an empty result SQLite types expression columns as blobs,
// which Dapper cannot match to a constructor.

/// <summary>One cohort's size, as both stores' cohort-size statement returns it.</summary>
public sealed class CohortSizeRow
{
    public long Cohort { get; set; }

    public long Customers { get; set; }
}

/// <summary>One (cohort, period since acquisition) row of sums, as both stores' cohort-period statement returns it.</summary>
public sealed class CohortPeriodRow
{
    public long Cohort { get; set; }

    public long Period { get; set; }

    public long ActiveCustomers { get; set; }

    public double NetRevenue { get; set; }
}

/// <summary>Turns the rows of the cohort statements into <see cref="CohortSums"/>: the statements differ per store, the rows do not.</summary>
public static class CohortRows
{
    /// <summary>The cohort sizes and (cohort, period) sums, in the order the statements returned them.</summary>
    public static CohortSums ToSums(IEnumerable<CohortSizeRow> sizes, IEnumerable<CohortPeriodRow> periods) => new(
        sizes.Select(s => new CohortSize(checked((int)s.Cohort), s.Customers)).ToList(),
        periods.Select(p => new CohortPeriodSums(checked((int)p.Cohort), checked((int)p.Period), p.ActiveCustomers, p.NetRevenue)).ToList());
}
