using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;

namespace CrmGrpc.Domain.Tests.Metrics.Cohorts;

public class CohortRetentionTests
{
    private const double Precision = 1e-12;

    private static DateTimeOffset Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    private static int Month(int year, int month) => CohortCalendar.BucketOf(Utc(year, month, 1), Granularity.Month);

    // Cohorts of January and March 2023 observed until 2023-04-15: January has periods 0…3, March 0…1.
    private static readonly CohortWindow Window = CohortWindow.Create(new Period(Utc(2023, 1, 1), Utc(2023, 4, 1)), Granularity.Month, Utc(2023, 4, 15));

    [Fact]
    public void Every_period_up_to_as_of_with_retention_and_cumulative_revenue_per_customer()
    {
        var sums = new CohortSums(
            [new CohortSize(Month(2023, 3), 2), new CohortSize(Month(2023, 1), 4)],
            [
                new CohortPeriodSums(Month(2023, 1), 0, 4, 400_00),
                new CohortPeriodSums(Month(2023, 1), 2, 1, 50_00),
                new CohortPeriodSums(Month(2023, 1), 3, 0, -30_00), // a refund only: revenue, nobody active
                new CohortPeriodSums(Month(2023, 3), 0, 1, 25_00),
            ]);

        var rows = CohortRetention.Calculate(Window, sums, 100);

        Assert.Equal([Month(2023, 1), Month(2023, 3)], rows.Select(r => CohortCalendar.BucketOf(r.Acquired.Start, Granularity.Month)));
        var january = rows[0];
        Assert.Equal((new Period(Utc(2023, 1, 1), Utc(2023, 2, 1)), 4L), (january.Acquired, january.Customers));
        Assert.Equal([0, 1, 2, 3], january.Periods.Select(p => p.Index));
        Assert.Equal([4L, 0, 1, 0], january.Periods.Select(p => p.ActiveCustomers));
        Assert.Equal([4.0 / 4, 0.0 / 4, 1.0 / 4, 0.0 / 4], january.Periods.Select(p => p.Retention));
        double[] cumulative = [400.0 / 4, 400.0 / 4, (400.0 + 50) / 4, (400.0 + 50 - 30) / 4];
        Assert.All(january.Periods.Zip(cumulative), pair => Assert.Equal(pair.Second, pair.First.CumulativeRevenuePerCustomer, Precision));

        var march = rows[1];
        Assert.Equal((new Period(Utc(2023, 3, 1), Utc(2023, 4, 1)), 2L), (march.Acquired, march.Customers));
        Assert.Equal([(0, 1.0 / 2, 25.0 / 2), (1, 0.0, 25.0 / 2)], march.Periods.Select(p => (p.Index, p.Retention, p.CumulativeRevenuePerCustomer)));
    }

    [Fact]
    public void Empty_cohorts_are_omitted_and_major_units_follow_the_currency()
    {
        var sums = new CohortSums(
            [new CohortSize(Month(2023, 1), 0), new CohortSize(Month(2023, 2), 3)],
            [new CohortPeriodSums(Month(2023, 2), 1, 2, 900)]);

        var yen = CohortRetention.Calculate(Window, sums, 1);

        var february = Assert.Single(yen);
        Assert.Equal(3, february.Customers);
        Assert.Equal([0.0, 900.0 / 3, 900.0 / 3], february.Periods.Select(p => p.CumulativeRevenuePerCustomer));
        Assert.Equal([0.0, 2.0 / 3, 0.0], february.Periods.Select(p => p.Retention));
    }

    [Fact]
    public void No_cohorts_give_an_empty_matrix()
    {
        Assert.Empty(CohortRetention.Calculate(Window, new CohortSums([], []), 100));
    }
}
