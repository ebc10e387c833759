using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Metrics;

/// <summary>
/// A book whose retention matrices are worked out by hand in <see cref="CohortRetentionTests"/>.
/// Customers (acquired): m1 2023-01-01T00:00, m2 2023-01-31T23:59:59.999 (January's first and last instants),
/// m3 2023-02-01T00:00, m4 2023-02-14 (never buys), m5 2023-03-20, d0 2022-12-31T23:59:59.999, a0 2023-04-01.
/// Transactions (USD): m1 +100 01-05, +50 02-10, −30 02-20, +20 04-30T23:59:59.999; m2 +40 02-01T00:00,
/// +10 06-14; m3 +60 02-01, +60 02-28, −60 05-01; m5 +80 03-20, +999 06-15T00:00; d0 +70 01-10; a0 +5 04-02.
/// </summary>
public static class CohortBook
{
    public static Timestamp At(string iso) => GoldenBook.At(iso);

    public static async Task LoadAsync(InProcessServer server)
    {
        Customer C(string id, string acquired) => new() { Id = id, Name = id, Email = id + "@example.com", Segment = "smb", Channel = "web", AcquiredAt = At(acquired) };
        await ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest
        {
            Customers =
            {
                C("m1", "2023-01-01"), C("m2", "2023-01-31T23:59:59.999"), C("m3", "2023-02-01"), C("m4", "2023-02-14"),
                C("m5", "2023-03-20"), C("d0", "2022-12-31T23:59:59.999"), C("a0", "2023-04-01"),
            },
        }]);

        Transaction T(string id, string customer, string at, long dollars, TransactionKind kind = TransactionKind.Purchase) =>
            new() { Id = id, CustomerId = customer, OccurredAt = At(at), AmountMinor = dollars * 100, Currency = "USD", Kind = kind, SaleType = SaleType.Repeat };
        var summary = await ImportAsync(server.Transactions.ImportTransactions(), [new ImportTransactionsRequest
        {
            Transactions =
            {
                T("m1-a", "m1", "2023-01-05", 100), T("m1-b", "m1", "2023-02-10", 50), T("m1-r", "m1", "2023-02-20", 30, TransactionKind.Refund),
                T("m1-c", "m1", "2023-04-30T23:59:59.999", 20),
                T("m2-a", "m2", "2023-02-01", 40), T("m2-b", "m2", "2023-06-14", 10),
                T("m3-a", "m3", "2023-02-01", 60), T("m3-b", "m3", "2023-02-28", 60), T("m3-r", "m3", "2023-05-01", 60, TransactionKind.Refund),
                T("m5-a", "m5", "2023-03-20", 80), T("m5-b", "m5", "2023-06-15", 999),
                T("d0-a", "d0", "2023-01-10", 70), T("a0-a", "a0", "2023-04-02", 5),
            },
        }]);
        Assert.Equal(13, summary.Accepted);
    }
}

/// <summary>A server with <see cref="CohortBook"/> loaded, shared by a test class.</summary>
public sealed class CohortBookFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync(_directory.File("crm.db"));
        await CohortBook.LoadAsync(Server);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _directory.Dispose();
}

/// <summary>GetCohortRetention end to end on <see cref="CohortBook"/>, with the arithmetic written out.</summary>
public sealed class CohortRetentionTests(CohortBookFixture fixture) : IClassFixture<CohortBookFixture>
{
    private const double Precision = 1e-9;

    private static readonly Period FirstQuarter2023 = new() { Start = CohortBook.At("2023-01-01"), End = CohortBook.At("2023-04-01") };

    private readonly InProcessServer _server = fixture.Server;

    private Task<GetCohortRetentionResponse> GetAsync(Period range, Granularity granularity, string? asOf) =>
        _server.Metrics.GetCohortRetentionAsync(new GetCohortRetentionRequest
        {
            Range = range,
            Granularity = granularity,
            AsOf = asOf is null ? null : CohortBook.At(asOf),
        }).ResponseAsync;

    private static string Day(Timestamp timestamp) => timestamp.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static void AssertPeriods(Cohort cohort, params (long Active, double Retention, double Cumulative)[] expected)
    {
        Assert.Equal(Enumerable.Range(0, expected.Length), cohort.Periods.Select(p => p.Index));
        Assert.Equal(expected.Select(e => e.Active), cohort.Periods.Select(p => p.ActiveCustomers));
        Assert.All(cohort.Periods.Zip(expected), pair =>
        {
            Assert.Equal(pair.Second.Retention, pair.First.Retention, Precision);
            Assert.Equal(pair.Second.Cumulative, pair.First.CumulativeRevenuePerCustomer, Precision);
        });
    }

    [Fact]
    public async Task Monthly_cohorts_split_at_month_boundaries_with_refunds_and_every_period_to_as_of()
    {
        var matrix = await GetAsync(FirstQuarter2023, Granularity.Month, "2023-06-15");

        // d0 (a millisecond before the range) and a0 (at its exclusive end) are in no cohort.
        Assert.Equal(
            [("2023-01-01T00:00", "2023-02-01T00:00", 2L), ("2023-02-01T00:00", "2023-03-01T00:00", 2L), ("2023-03-01T00:00", "2023-04-01T00:00", 1L)],
            matrix.Cohorts.Select(c => (Day(c.Acquired.Start), Day(c.Acquired.End), c.Customers)));

        // January (m1, m2), periods January … June.
        AssertPeriods(matrix.Cohorts[0],
            (1, 1.0 / 2, 100.0 / 2),                   // m1 +100
            (2, 2.0 / 2, (100.0 + 50 - 30 + 40) / 2),  // m1 +50 −30, m2 +40 at February's first instant
            (0, 0.0, 160.0 / 2),
            (1, 1.0 / 2, (160.0 + 20) / 2),            // m1 +20 at April's last millisecond
            (0, 0.0, 180.0 / 2),
            (1, 1.0 / 2, (180.0 + 10) / 2));           // m2 +10 on 06-14
        // February (m3 twice in its first month, m4 never), periods February … June.
        AssertPeriods(matrix.Cohorts[1],
            (1, 1.0 / 2, (60.0 + 60) / 2),
            (0, 0.0, 120.0 / 2),
            (0, 0.0, 120.0 / 2),
            (0, 0.0, (120.0 - 60) / 2),                // a refund alone: revenue falls, nobody active
            (0, 0.0, 60.0 / 2));
        // March (m5), periods March … June; the purchase at as_of itself is not observed.
        AssertPeriods(matrix.Cohorts[2], (1, 1.0, 80.0), (0, 0.0, 80.0), (0, 0.0, 80.0), (0, 0.0, 80.0));
    }

    [Fact]
    public async Task Quarterly_cohorts_clip_the_acquisition_window_to_the_range()
    {
        var range = new Period { Start = CohortBook.At("2022-12-15"), End = CohortBook.At("2023-04-01") };

        var matrix = await GetAsync(range, Granularity.Quarter, "2023-06-15");

        Assert.Equal(
            [("2022-12-15T00:00", "2023-01-01T00:00", 1L), ("2023-01-01T00:00", "2023-04-01T00:00", 5L)],
            matrix.Cohorts.Select(c => (Day(c.Acquired.Start), Day(c.Acquired.End), c.Customers)));
        // 2022 Q4 (d0): nothing in Q4, +70 in Q1, nothing in Q2.
        AssertPeriods(matrix.Cohorts[0], (0, 0.0, 0.0), (1, 1.0, 70.0), (0, 0.0, 70.0));
        // 2023 Q1 (m1 … m5). Q1: m1 +100 +50 −30, m2 +40, m3 +60 +60, m5 +80 = 360, four purchasers.
        // Q2: m1 +20, m2 +10, m3 −60 = −30, two purchasers.
        AssertPeriods(matrix.Cohorts[1], (4, 4.0 / 5, 360.0 / 5), (2, 2.0 / 5, (360.0 - 30) / 5));
    }

    [Fact]
    public async Task As_of_clips_the_last_period_and_the_acquisitions()
    {
        var matrix = await GetAsync(FirstQuarter2023, Granularity.Month, "2023-02-15");

        // m4 (02-14) is observed, m5 (03-20) is not acquired yet; February's window ends at as_of.
        Assert.Equal(
            [("2023-01-01T00:00", "2023-02-01T00:00", 2L), ("2023-02-01T00:00", "2023-02-15T00:00", 2L)],
            matrix.Cohorts.Select(c => (Day(c.Acquired.Start), Day(c.Acquired.End), c.Customers)));
        // January's February stops at 02-15: m1 +50 and m2 +40 count, m1's refund on 02-20 does not.
        AssertPeriods(matrix.Cohorts[0], (1, 1.0 / 2, 100.0 / 2), (2, 1.0, (100.0 + 50 + 40) / 2));
        AssertPeriods(matrix.Cohorts[1], (1, 1.0 / 2, 60.0 / 2)); // m3's 02-28 purchase is after as_of
    }

    [Fact]
    public async Task An_as_of_at_a_month_boundary_ends_with_the_month_before()
    {
        var matrix = await GetAsync(FirstQuarter2023, Granularity.Month, "2023-03-01");

        Assert.Equal([2L, 2], matrix.Cohorts.Select(c => c.Customers));
        AssertPeriods(matrix.Cohorts[0], (1, 1.0 / 2, 50.0), (2, 1.0, (100.0 + 50 - 30 + 40) / 2));
        AssertPeriods(matrix.Cohorts[1], (1, 1.0 / 2, (60.0 + 60) / 2));
    }

    [Fact]
    public async Task Without_as_of_the_periods_run_to_the_current_month()
    {
        static int MonthsSinceJanuary2023(DateTime now) => ((now.Year - 2023) * 12) + now.Month - 1;
        var before = DateTime.UtcNow;

        var matrix = await GetAsync(FirstQuarter2023, Granularity.Month, null);

        var after = DateTime.UtcNow;
        var january = matrix.Cohorts[0];
        Assert.InRange(january.Periods[^1].Index, MonthsSinceJanuary2023(before), MonthsSinceJanuary2023(after));
        Assert.Equal(190.0 / 2, january.Periods[^1].CumulativeRevenuePerCustomer, Precision);
        Assert.Equal((80.0 + 999) / 1, matrix.Cohorts[2].Periods[^1].CumulativeRevenuePerCustomer, Precision); // m5's 06-15 purchase is now observed
    }

    [Fact]
    public async Task A_range_without_acquisitions_has_no_cohorts()
    {
        var empty = await GetAsync(new Period { Start = CohortBook.At("2023-05-01"), End = CohortBook.At("2023-06-01") }, Granularity.Month, "2023-06-15");
        var notYet = await GetAsync(FirstQuarter2023, Granularity.Quarter, "2022-06-01");

        Assert.Empty(empty.Cohorts);
        Assert.Empty(notYet.Cohorts);
    }

    [Fact]
    public async Task Bad_ranges_and_granularities_are_invalid_arguments_naming_the_field()
    {
        async Task<IEnumerable<string>> FieldsOf(GetCohortRetentionRequest request) =>
            FieldViolations(await FailsWith(StatusCode.InvalidArgument, () => _server.Metrics.GetCohortRetentionAsync(request).ResponseAsync)).Select(v => v.Field);

        Assert.Equal(["range.start", "range.end"], await FieldsOf(new GetCohortRetentionRequest { Granularity = Granularity.Month }));
        Assert.Equal(["range.end"], await FieldsOf(new GetCohortRetentionRequest
        {
            Range = new Period { Start = CohortBook.At("2023-04-01"), End = CohortBook.At("2023-01-01") },
            Granularity = Granularity.Month,
        }));
        Assert.Equal(["granularity"], await FieldsOf(new GetCohortRetentionRequest { Range = FirstQuarter2023 }));
        Assert.Equal(["granularity"], await FieldsOf(new GetCohortRetentionRequest { Range = FirstQuarter2023, Granularity = Granularity.Year }));
        Assert.Equal(["granularity"], await FieldsOf(new GetCohortRetentionRequest { Range = FirstQuarter2023, Granularity = (Granularity)42 }));
        Assert.Equal(["range.start"], await FieldsOf(new GetCohortRetentionRequest
        {
            Range = new Period { Start = CohortBook.At("1950-01-01"), End = CohortBook.At("1951-01-01") },
            Granularity = Granularity.Month,
            AsOf = CohortBook.At("2023-01-01"),     // 876 months from the first cohort: more than 600
        }));
    }
}
