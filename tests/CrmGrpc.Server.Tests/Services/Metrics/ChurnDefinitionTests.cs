using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Metrics;

/// <summary>
/// The churn definition through the RPCs on a book of eight customers built by hand, every answer worked out
/// here. With a 180-day window, as of 2026-01-01 (the end of 2025):
/// <code>
///   customer  acquired    purchases (refunds)          recorded churn  churn as of 2026-01-01
///   a         2024-03-01  2024-03-01, 2025-02-10       –               2025-08-09 inferred (METRICS.md's example; lifespan 526 d)
///   b         2024-06-01  2024-06-01, 2025-11-01       –               active
///   c         2025-02-01  2025-02-01, 2025-04-01       –               2025-09-28 inferred (lifespan 239 d)
///   d         2023-01-01  2023-01-01, 2025-10-01       –               active (lapsed before 2025, came back)
///   e         2024-01-01  2025-06-01                   2025-05-01      2025-05-01 recorded (lifespan 486 d)
///   f         2024-01-01  2024-01-01 (refund 2025-12-01) –             2024-06-29 inferred (lifespan 180 d)
///   g         2025-12-15  –                            –               active
///   h         2024-02-01  2024-02-01, 2025-07-05       –               active: the last purchase is exactly 180 days old
/// </code>
/// Every purchase is $100.00; f's refund is $30.00.
/// </summary>
public sealed class ChurnDefinitionTests
{
    private const int Window = 180;
    private static readonly Period Year2025 = new() { Start = At("2025-01-01"), End = At("2026-01-01") };
    private static readonly double Years2025 = 365 / 365.25;

    [Fact]
    public async Task Portfolio_metrics_with_a_window_count_inferred_and_recorded_churn_as_of_the_end()
    {
        await using var book = await BookAsync("--Crm:MinChurnedForObservedLifespan=3");

        var m = await book.Server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
        {
            Period = Year2025,
            ChurnDefinition = new ChurnDefinition { InactivityDays = Window },
        });

        Assert.Equal(Window, m.ChurnDefinition.InactivityDays);
        // At the start: a, b, d, e, h (f lapsed in 2024, c and g came in 2025). At the end: b, d, g, h.
        // Acquired: c, g. Lost in 2025: a (08-09), c (09-28), e (05-01, recorded). Churned by the end: those and f.
        Assert.Equal((5L, 4L, 2L, 3L), (m.CustomersAtStart, m.CustomersAtEnd, m.CustomersAcquired, m.CustomersLost));
        Assert.Equal(3.0 / 5, m.ChurnRate, 12);
        Assert.Equal((4.0 - 2) / 5, m.RetentionRate, 12);
        Assert.Equal(LifespanMethod.ObservedChurn, m.LifespanMethod);
        var lifespanYears = (526 + 239 + 486 + 180) / 4.0 / 365.25;
        Assert.Equal(lifespanYears, m.AverageLifespanYears, 12);
        // 7 purchases in 2025 (a, b, c twice, d, e, h) by 6 customers at $100; net revenue $700 − $30.
        Assert.Equal(100.0 * (7.0 / 6) / Years2025 * lifespanYears, m.HistoricalClv, 9);
        Assert.Equal(670.0 / 6 / Years2025 * lifespanYears, m.RevenueClv, 9);
    }

    [Fact]
    public async Task Recorded_churn_only_counts_e_alone_and_a_missing_lifespan_says_to_set_a_window()
    {
        await using var book = await BookAsync();

        var year = await book.Server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = Year2025 });
        var quarter = await book.Server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
        {
            Period = new Period { Start = At("2025-01-01"), End = At("2025-04-01") },
        });

        Assert.Equal(0, year.ChurnDefinition.InactivityDays);
        // At the start everyone acquired before 2025 (a, b, d, e, f, h); at the end all but e; lost: e.
        Assert.Equal((6L, 7L, 2L, 1L), (year.CustomersAtStart, year.CustomersAtEnd, year.CustomersAcquired, year.CustomersLost));
        // In 2025 Q1 nobody churned: no lifespan, and the reason says how to get one.
        Assert.Equal(0.0, quarter.ChurnRate);
        foreach (var metric in new[] { "averageLifespanYears", "historicalClv", "revenueClv" })
        {
            Assert.Contains(quarter.Unavailable, u => u.Metric == metric
                && u.Reason.Contains("no churn recorded; set an inactivity window", StringComparison.Ordinal)
                && u.Reason.Contains("churnDefinition.inactivityDays", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_server_default_applies_when_the_request_gives_no_window_and_a_request_overrides_it()
    {
        await using var book = await BookAsync("--Crm:Churn:InactivityDays=180");

        var byDefault = await book.Server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = Year2025 });
        var zero = await book.Server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
        {
            Period = Year2025,
            ChurnDefinition = new ChurnDefinition { InactivityDays = 0 },
        });
        var longer = await book.Server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
        {
            Period = Year2025,
            ChurnDefinition = new ChurnDefinition { InactivityDays = 400 },
        });

        Assert.Equal((180, 180, 400), (byDefault.ChurnDefinition.InactivityDays, zero.ChurnDefinition.InactivityDays, longer.ChurnDefinition.InactivityDays));
        Assert.Equal((5L, 4L, 3L), (byDefault.CustomersAtStart, byDefault.CustomersAtEnd, byDefault.CustomersLost));
        Assert.Equal(byDefault.CustomersLost, zero.CustomersLost);
        // 400 days: a (2025-02-10) and c (2025-04-01) are recent enough; f churns 2025-02-04 (2024-01-01 + 400 d), e stays recorded.
        Assert.Equal((6L, 6L, 2L), (longer.CustomersAtStart, longer.CustomersAtEnd, longer.CustomersLost));
    }

    [Fact]
    public async Task A_series_takes_each_buckets_churn_as_of_its_own_end_in_every_grouping()
    {
        await using var book = await BookAsync();

        var series = await book.Server.Metrics.GetMetricSeriesAsync(new GetMetricSeriesRequest
        {
            Range = new Period { Start = At("2024-01-01"), End = At("2026-01-01") },
            Granularity = Granularity.Year,
            Metrics = { PortfolioMetric.ChurnRate, PortfolioMetric.RetentionRate },
            GroupBy = new GroupBy { Dimension = GroupByDimension.Segment },
            ChurnDefinition = new ChurnDefinition { InactivityDays = Window },
        });

        Assert.Equal(Window, series.ChurnDefinition.InactivityDays);
        // 2024 as of 2025-01-01: a, b, e, f, h were acquired in 2024 and had been silent for more than 180 days by
        // then (e's recorded churn is still to come, its last activity is its acquisition); d lapsed in 2023.
        var year2024 = series.Points.Single(p => p.Bucket.Start == At("2024-01-01") && p.GroupKey == "").Metrics;
        Assert.Equal((0L, 0L, 5L, 5L), (year2024.CustomersAtStart, year2024.CustomersAtEnd, year2024.CustomersAcquired, year2024.CustomersLost));
        Assert.False(year2024.HasChurnRate);
        var year2025 = series.Points.Single(p => p.Bucket.Start == At("2025-01-01") && p.GroupKey == "").Metrics;
        Assert.Equal(3.0 / 5, year2025.ChurnRate, 12);
        Assert.Equal(2.0 / 5, year2025.RetentionRate, 12);
        // Segment "late" holds c, g and h: h at the start and the end, c acquired and lost, g acquired.
        var late = series.Points.Single(p => p.Bucket.Start == At("2025-01-01") && p.GroupKey == "late").Metrics;
        Assert.Equal((1L, 2L, 2L, 1L), (late.CustomersAtStart, late.CustomersAtEnd, late.CustomersAcquired, late.CustomersLost));
        Assert.Equal(1.0, late.ChurnRate, 12);
        Assert.Equal((2.0 - 2) / 1, late.RetentionRate, 12);
    }

    [Fact]
    public async Task Customer_metrics_and_the_stream_say_whether_each_customer_churned_and_when()
    {
        await using var book = await BookAsync();
        var asOf = At("2025-12-31");   // the as-of day counts whole: churn as of 2026-01-01
        var definition = new ChurnDefinition { InactivityDays = Window };

        var statuses = new Dictionary<string, ChurnStatus>();
        foreach (var id in new[] { "a", "b", "e", "f", "h" })
        {
            var unary = await book.Server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = id, AsOf = asOf, ChurnDefinition = definition });
            Assert.Equal(Window, unary.ChurnDefinition.InactivityDays);
            statuses[id] = unary.Churn;
        }

        Assert.Equal(Status(churnedAt: At("2025-08-09"), inferred: true, lastActivity: At("2025-02-10")), statuses["a"]);
        Assert.Equal(Status(churnedAt: null, inferred: false, lastActivity: At("2025-11-01")), statuses["b"]);
        Assert.Equal(Status(churnedAt: At("2025-05-01"), inferred: false, lastActivity: At("2025-06-01")), statuses["e"]);
        Assert.Equal(Status(churnedAt: At("2024-06-29"), inferred: true, lastActivity: At("2024-01-01")), statuses["f"]);
        Assert.Equal(Status(churnedAt: null, inferred: false, lastActivity: At("2025-07-05")), statuses["h"]);

        var messages = await ReadAllAsync(book.Server.Metrics.StreamCustomerMetrics(new StreamCustomerMetricsRequest
        {
            AsOf = asOf,
            ChurnDefinition = definition,
            Filter = new CustomerFilter { CustomerIds = { "a", "b", "e", "f", "h" } },
        }));
        Assert.All(messages.Where(m => m.Progress is not null), m => Assert.Equal(Window, m.Progress.ChurnDefinition.InactivityDays));
        var streamed = messages.Where(m => m.Batch is not null).SelectMany(m => m.Batch.Customers).ToDictionary(c => c.CustomerId, c => c.Churn);
        Assert.Equal(statuses.OrderBy(s => s.Key), streamed.OrderBy(s => s.Key));

        // Without a window only e's recorded churn counts.
        var recordedOnly = await book.Server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "a", AsOf = asOf });
        Assert.Equal(Status(churnedAt: null, inferred: false, lastActivity: At("2025-02-10")), recordedOnly.Churn);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(36_501)]
    public async Task A_negative_or_absurd_window_is_invalid_argument_naming_the_field(int days)
    {
        await using var book = await BookAsync();
        var definition = new ChurnDefinition { InactivityDays = days };

        var calls = new Func<Task>[]
        {
            () => book.Server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = Year2025, ChurnDefinition = definition }).ResponseAsync,
            () => book.Server.Metrics.GetMetricSeriesAsync(new GetMetricSeriesRequest { Range = Year2025, Granularity = Granularity.Month, ChurnDefinition = definition }).ResponseAsync,
            () => book.Server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "a", ChurnDefinition = definition }).ResponseAsync,
            () => ReadAllAsync(book.Server.Metrics.StreamCustomerMetrics(new StreamCustomerMetricsRequest { ChurnDefinition = definition })),
        };
        foreach (var call in calls)
        {
            var error = await FailsWith(StatusCode.InvalidArgument, call);
            Assert.Equal("churn_definition.inactivity_days", Assert.Single(FieldViolations(error)).Field);
        }
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("36501")]
    public async Task A_server_default_outside_0_to_36500_days_stops_the_start(string days)
    {
        using var directory = new TempDirectory();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => InProcessServer.StartAsync(directory.File("crm.db"), $"--Crm:Churn:InactivityDays={days}"));

        Assert.Contains("InactivityDays", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<List<StreamCustomerMetricsResponse>> ReadAllAsync(AsyncServerStreamingCall<StreamCustomerMetricsResponse> call)
    {
        using (call)
        {
            var messages = new List<StreamCustomerMetricsResponse>();
            await foreach (var message in call.ResponseStream.ReadAllAsync())
            {
                messages.Add(message);
            }

            return messages;
        }
    }

    private static ChurnStatus Status(Timestamp? churnedAt, bool inferred, Timestamp lastActivity) =>
        new() { Churned = churnedAt is not null, ChurnedAt = churnedAt, Inferred = inferred, LastActivityAt = lastActivity };

    private static Timestamp At(string day) => GoldenBook.At(day);

    private static async Task<Book> BookAsync(params string[] serverArgs)
    {
        var directory = new TempDirectory();
        var server = await InProcessServer.StartAsync(directory.File("crm.db"), serverArgs);
        Customer Customer(string id, string acquired, string segment, string? churned = null) =>
            new() { Id = id, Name = id, Segment = segment, Channel = "web", AcquiredAt = At(acquired), ChurnedAt = churned is null ? null : At(churned) };
        var n = 0;
        Transaction Purchase(string customer, string day) => new()
        {
            Id = $"t{++n}", CustomerId = customer, OccurredAt = At(day), AmountMinor = 10_000, Currency = "USD", Kind = TransactionKind.Purchase, SaleType = SaleType.Repeat,
        };

        await ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest
        {
            Customers =
            {
                Customer("a", "2024-03-01", "early"), Customer("b", "2024-06-01", "early"), Customer("c", "2025-02-01", "late"),
                Customer("d", "2023-01-01", "early"), Customer("e", "2024-01-01", "early", churned: "2025-05-01"),
                Customer("f", "2024-01-01", "early"), Customer("g", "2025-12-15", "late"), Customer("h", "2024-02-01", "late"),
            },
        }]);
        var refund = Purchase("f", "2025-12-01");
        (refund.Kind, refund.AmountMinor) = (TransactionKind.Refund, 3_000);
        var imported = await ImportAsync(server.Transactions.ImportTransactions(), [new ImportTransactionsRequest
        {
            Transactions =
            {
                Purchase("a", "2024-03-01"), Purchase("a", "2025-02-10"), Purchase("b", "2024-06-01"), Purchase("b", "2025-11-01"),
                Purchase("c", "2025-02-01"), Purchase("c", "2025-04-01"), Purchase("d", "2023-01-01"), Purchase("d", "2025-10-01"),
                Purchase("e", "2025-06-01"), Purchase("f", "2024-01-01"), refund, Purchase("h", "2024-02-01"), Purchase("h", "2025-07-05"),
            },
        }]);
        Assert.Equal((13L, 0L), (imported.Accepted, imported.Rejected));
        return new Book(directory, server);
    }

    private sealed record Book(TempDirectory Directory, InProcessServer Server) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            Directory.Dispose();
        }
    }
}
