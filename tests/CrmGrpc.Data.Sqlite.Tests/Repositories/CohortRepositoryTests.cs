using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;

namespace CrmGrpc.Data.Sqlite.Tests.Repositories;

/// <summary>The (cohort, period) sums computed in SQL, on books with rows at the last and first millisecond of buckets.</summary>
public sealed class CohortRepositoryTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private TestStore _store = null!;

    private CohortRepository Cohorts => new(_store.Database);

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static DateTimeOffset At(string iso) =>
        DateTimeOffset.Parse(iso.Length == 10 ? iso + "T00:00:00Z" : iso + "Z", System.Globalization.CultureInfo.InvariantCulture);

    private static Customer Customer(string id, string acquired) => Samples.Customer(id) with { AcquiredAt = At(acquired) };

    private static Transaction Purchase(string id, string customer, string at, long amount) => Samples.Transaction(id, customer, At(at), amount);

    private static Transaction Refund(string id, string customer, string at, long amount) =>
        Purchase(id, customer, at, amount) with { Kind = TransactionKind.Refund, SaleType = SaleType.Unspecified };

    private async Task LoadAsync(Customer[] customers, Transaction[] transactions)
    {
        await _store.Customers.ImportAsync(customers, [], None);
        await _store.Transactions.ImportAsync(transactions, [], None);
    }

    private static int Bucket(string at, Granularity granularity) => CohortCalendar.BucketOf(At(at), granularity);

    [Fact]
    public async Task Monthly_cohorts_and_periods_split_at_the_millisecond_of_the_month_boundary()
    {
        await LoadAsync(
            [
                Customer("j1", "2023-01-31T23:59:59.999"), Customer("j2", "2023-01-10"), Customer("f1", "2023-02-01"),
                Customer("x-before", "2022-12-31T23:59:59.999"), Customer("x-after", "2023-04-01"),
            ],
            [
                Purchase("j1-0", "j1", "2023-01-31T23:59:59.999", 10_00), // period 0, at the acquisition instant
                Purchase("j1-1a", "j1", "2023-02-01", 20_00),              // period 1 …
                Purchase("j1-1b", "j1", "2023-02-15", 5_00),               // … the same customer: active once
                Refund("j1-2", "j1", "2023-03-01", 3_00),                  // period 2: revenue, not activity
                Purchase("j2-early", "j2", "2023-01-05", 100_00),          // before j2's acquisition: left out
                Purchase("j2-2", "j2", "2023-03-31T23:59:59.999", 40_00),  // period 2
                Purchase("j2-4", "j2", "2023-05-14T23:59:59.999", 1_00),   // period 4
                Purchase("j2-asof", "j2", "2023-05-15", 7_00),             // at as_of (exclusive): left out
                Purchase("f1-0", "f1", "2023-02-01", 50_00),
                Refund("f1-0r", "f1", "2023-02-02", 50_00),                // active, net 0
                Purchase("x-1", "x-before", "2023-01-15", 99_00),          // not a member
            ]);
        var window = CohortWindow.Create(new Period(At("2023-01-01"), At("2023-04-01")), Granularity.Month, At("2023-05-15"));

        var sums = await Cohorts.ReadAsync(window, None);

        var jan = Bucket("2023-01-01", Granularity.Month);
        var feb = jan + 1;
        Assert.Equal([new CohortSize(jan, 2), new CohortSize(feb, 1)], sums.Sizes.OrderBy(s => s.Bucket));
        Assert.Equal(
            [
                new CohortPeriodSums(jan, 0, 1, 10_00),
                new CohortPeriodSums(jan, 1, 1, 20_00 + 5_00),
                new CohortPeriodSums(jan, 2, 1, -3_00 + 40_00),
                new CohortPeriodSums(jan, 4, 1, 1_00),
                new CohortPeriodSums(feb, 0, 1, 50_00 - 50_00),
            ],
            sums.Periods.OrderBy(p => p.Bucket).ThenBy(p => p.Index));
    }

    [Fact]
    public async Task Quarterly_cohorts_cross_the_year_boundary()
    {
        await LoadAsync(
            [Customer("q4", "2022-12-31T23:59:59.999"), Customer("q1a", "2023-01-01"), Customer("q1b", "2023-02-01")],
            [
                Purchase("q4-1", "q4", "2023-01-01", 10_00),                // 2023 Q1: period 1
                Purchase("q4-4", "q4", "2023-12-31T23:59:59.999", 20_00),   // 2023 Q4: period 4
                Purchase("q1a-0", "q1a", "2023-03-31T23:59:59.999", 30_00), // period 0
                Purchase("q1a-1", "q1a", "2023-04-01", 40_00),              // period 1
                Purchase("q1b-1", "q1b", "2023-06-30", 5_00),               // period 1
            ]);
        var window = CohortWindow.Create(new Period(At("2022-10-01"), At("2023-07-01")), Granularity.Quarter, At("2024-01-01"));

        var sums = await Cohorts.ReadAsync(window, None);

        var q4 = Bucket("2022-10-01", Granularity.Quarter);
        var q1 = q4 + 1;
        Assert.Equal([new CohortSize(q4, 1), new CohortSize(q1, 2)], sums.Sizes.OrderBy(s => s.Bucket));
        Assert.Equal(
            [
                new CohortPeriodSums(q4, 1, 1, 10_00), new CohortPeriodSums(q4, 4, 1, 20_00),
                new CohortPeriodSums(q1, 0, 1, 30_00), new CohortPeriodSums(q1, 1, 2, 40_00 + 5_00),
            ],
            sums.Periods.OrderBy(p => p.Bucket).ThenBy(p => p.Index));
    }

    [Fact]
    public async Task Instants_before_1970_fall_in_their_calendar_month()
    {
        await LoadAsync(
            [Customer("old", "1969-12-31T23:59:59.500")],
            [Purchase("old-0", "old", "1969-12-31T23:59:59.900", 1_00), Purchase("old-1", "old", "1970-01-01", 2_00)]);
        var window = CohortWindow.Create(new Period(At("1969-12-01"), At("1970-01-01")), Granularity.Month, At("1970-02-01"));

        var sums = await Cohorts.ReadAsync(window, None);

        var december = Bucket("1969-12-01", Granularity.Month);
        Assert.Equal([new CohortSize(december, 1)], sums.Sizes);
        Assert.Equal([new CohortPeriodSums(december, 0, 1, 1_00), new CohortPeriodSums(december, 1, 1, 2_00)], sums.Periods.OrderBy(p => p.Index));
    }

    [Fact]
    public async Task Customers_acquired_at_or_after_as_of_are_not_observed()
    {
        await LoadAsync([Customer("seen", "2023-03-01"), Customer("later", "2023-03-20")], []);

        var cut = await Cohorts.ReadAsync(CohortWindow.Create(new Period(At("2023-03-01"), At("2023-04-01")), Granularity.Month, At("2023-03-20")), None);
        var before = await Cohorts.ReadAsync(CohortWindow.Create(new Period(At("2023-03-01"), At("2023-04-01")), Granularity.Month, At("2023-02-01")), None);

        Assert.Equal([new CohortSize(Bucket("2023-03-01", Granularity.Month), 1)], cut.Sizes);
        Assert.Empty(cut.Periods);
        Assert.Empty(before.Sizes);
    }

    [Fact]
    public async Task An_empty_store_gives_no_cohorts()
    {
        var sums = await Cohorts.ReadAsync(CohortWindow.Create(new Period(At("2023-01-01"), At("2024-01-01")), Granularity.Month, At("2024-06-01")), None);

        Assert.Empty(sums.Sizes);
        Assert.Empty(sums.Periods);
    }
}
