namespace CrmGrpc.Domain.Metrics.Cohorts;

/// <summary>One cell of a cohort's row: see <see cref="CohortRetention"/>.</summary>
public sealed record CohortCell(int Index, long ActiveCustomers, double Retention, double CumulativeRevenuePerCustomer);

/// <summary>One acquisition cohort: its acquisition window, its size and one cell per observed period.</summary>
public sealed record CohortRow(Period Acquired, long Customers, IReadOnlyList<CohortCell> Periods);

/// <summary>
/// The retention matrix of METRICS.md "Cohorts". For a cohort of n customers and period i since acquisition:
/// retention = members with a purchase in period i / n; cumulative revenue per customer = net revenue
/// (purchases − refunds) from acquisition through the end of period i / n, in major units. Every period
/// from 0 to the window's last bucket is reported, with zeros where the cohort had no transactions.
/// </summary>
public static class CohortRetention
{
    public static IReadOnlyList<CohortRow> Calculate(CohortWindow window, CohortSums sums, int minorPerMajor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minorPerMajor, 1);
        var cells = sums.Periods.ToDictionary(p => (p.Bucket, p.Index));
        var last = window.LastBucket;
        var rows = new List<CohortRow>();
        foreach (var size in sums.Sizes.Where(s => s.Customers > 0).OrderBy(s => s.Bucket))
        {
            var periods = new List<CohortCell>(Math.Max(0, last - size.Bucket + 1));
            var cumulativeMinor = 0.0;
            for (var index = 0; index <= last - size.Bucket; index++)
            {
                var cell = cells.GetValueOrDefault((size.Bucket, index));
                cumulativeMinor += cell.NetRevenueMinor;
                periods.Add(new CohortCell(
                    index,
                    cell.ActiveCustomers,
                    (double)cell.ActiveCustomers / size.Customers,
                    cumulativeMinor / minorPerMajor / size.Customers));
            }

            rows.Add(new CohortRow(window.AcquiredIn(size.Bucket), size.Customers, periods));
        }

        return rows;
    }
}
