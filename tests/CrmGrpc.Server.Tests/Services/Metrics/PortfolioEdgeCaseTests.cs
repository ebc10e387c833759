using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Metrics;

/// <summary>Books at the edges: nobody churned, only detractors, a single customer.</summary>
public sealed class PortfolioEdgeCaseTests
{
    private static readonly Period Year2023 = GoldenBook.Year2023;

    private static Customer Customer(string id, string acquired) => new() { Id = id, Name = id, AcquiredAt = GoldenBook.At(acquired) };

    [Fact]
    public async Task With_nobody_churned_churn_is_zero_retention_one_and_the_lifespan_absent_with_its_reason()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"));
        await ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { Customer("a", "2022-01-01"), Customer("b", "2022-06-01") } }]);

        var m = await server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = Year2023 });

        Assert.Equal(0.0, m.ChurnRate);
        Assert.Equal(1.0, m.RetentionRate);                      // (2 − 0) / 2
        Assert.False(m.HasAverageLifespanYears);
        Assert.Contains(m.Unavailable, u => u.Metric == "averageLifespanYears" && u.Reason.Contains("none churned", StringComparison.Ordinal));
        Assert.Contains(m.Unavailable, u => u.Metric == "historicalClv");
    }

    [Fact]
    public async Task Only_detractors_make_an_nps_of_minus_100()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"));
        await ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { Customer("a", "2022-01-01") } }]);
        await ImportAsync(server.Engagement.ImportSurveyResponses(), [new ImportSurveyResponsesRequest
        {
            Responses =
            {
                new SurveyResponse { Id = "n0", CustomerId = "a", Kind = SurveyKind.Nps, Score = 0, RespondedAt = GoldenBook.At("2023-03-01") },
                new SurveyResponse { Id = "n6", CustomerId = "a", Kind = SurveyKind.Nps, Score = 6, RespondedAt = GoldenBook.At("2023-04-01") },
            },
        }]);

        var m = await server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = Year2023 });

        Assert.Equal(-100.0, m.Nps);
        Assert.Equal(2, m.NpsResponses);
    }

    [Fact]
    public async Task A_one_customer_book_gives_that_customers_figures()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"));
        await ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { Customer("solo", "2023-02-01") } }]);
        await ImportAsync(server.Transactions.ImportTransactions(), [new ImportTransactionsRequest
        {
            Transactions =
            {
                new Transaction { Id = "t1", CustomerId = "solo", OccurredAt = GoldenBook.At("2023-02-01"), AmountMinor = 4000, Currency = "USD", Kind = TransactionKind.Purchase },
                new Transaction { Id = "t2", CustomerId = "solo", OccurredAt = GoldenBook.At("2023-05-01"), AmountMinor = 2000, Currency = "USD", Kind = TransactionKind.Purchase },
            },
        }]);

        var m = await server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = Year2023 });

        Assert.Equal((30.0, 2.0, 1.0), (m.AveragePurchaseValue, m.PurchaseFrequency, m.RepeatPurchaseRate));
        Assert.Equal((0L, 1L, 1L), (m.CustomersAtStart, m.CustomersAcquired, m.CustomersAtEnd));
        Assert.False(m.HasChurnRate);                            // nobody at the start
    }
}
