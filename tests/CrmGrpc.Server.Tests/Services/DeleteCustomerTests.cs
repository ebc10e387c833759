using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services;

/// <summary>
/// CustomerService.DeleteCustomer through the RPC, on a small book of its own per test: three customers, "a" and "b" in
/// segment smb, "c" in ent, with purchases and NPS answers whose contributions the tests work out by hand.
/// </summary>
public sealed class DeleteCustomerTests : IAsyncLifetime, IDisposable
{
    private static readonly Period Month = new() { Start = Rows.At(-1), End = Rows.At(30) };

    private readonly TempDirectory _directory = new();
    private InProcessServer _server = null!;

    private CustomerService.CustomerServiceClient Customers => _server.Customers;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(_directory.File("crm.db"));
        await ImportBookAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Delete_reports_what_it_erased_and_the_customer_is_gone()
    {
        var erased = await Customers.DeleteCustomerAsync(new DeleteCustomerRequest { Id = "a" });

        Assert.Equal(new DeleteCustomerResponse { Id = "a", Transactions = 2, SurveyResponses = 1, SupportInteractions = 1 }, erased);
        await FailsWith(StatusCode.NotFound, () => Customers.GetCustomerAsync(new GetCustomerRequest { Id = "a" }).ResponseAsync);
        await FailsWith(StatusCode.NotFound,
            () => _server.Transactions.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = "a" }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => Customers.DeleteCustomerAsync(new DeleteCustomerRequest { Id = "a" }).ResponseAsync);
        var left = await Customers.ListCustomersAsync(new ListCustomersRequest());
        Assert.Equal(["b", "c"], left.Customers.Select(c => c.Id));
    }

    [Fact]
    public async Task Portfolio_metrics_drop_by_exactly_the_erased_customers_contribution()
    {
        var before = await PortfolioAsync();
        Assert.Equal((4, 160.0, 3, 3), (before.Purchases, before.Revenue, before.PurchasingCustomers, before.CustomersAcquired));

        await Customers.DeleteCustomerAsync(new DeleteCustomerRequest { Id = "a" });

        // "a": two purchases of 10.00 and 30.00, one customer, one promoter, one support interaction.
        var after = await PortfolioAsync();
        Assert.Equal(before.Purchases - 2, after.Purchases);
        Assert.Equal(before.Revenue - 40.0, after.Revenue, 9);
        Assert.Equal(before.PurchasingCustomers - 1, after.PurchasingCustomers);
        Assert.Equal(before.CustomersAcquired - 1, after.CustomersAcquired);
        Assert.Equal(before.NpsResponses - 1, after.NpsResponses);
        Assert.Equal(before.SupportInteractions - 1, after.SupportInteractions);
        // Promoters − detractors: before (a 10, b 0, c 9) 2 of 3 promoters and 1 detractor; after (b 0, c 9) 1 and 1.
        Assert.True(before.HasNps && after.HasNps);
        Assert.Equal(100.0 * (2 - 1) / 3, before.Nps, 9);
        Assert.Equal(0.0, after.Nps, 9);
        var smb = Assert.Single(after.Groups, g => g.Key == "smb").Metrics;
        var smbBefore = Assert.Single(before.Groups, g => g.Key == "smb").Metrics;
        Assert.Equal(smbBefore.CustomersAcquired - 1, smb.CustomersAcquired);
        Assert.Equal(smbBefore.Purchases - 2, smb.Purchases);
        Assert.Equal(
            Assert.Single(before.Groups, g => g.Key == "ent").Metrics,
            Assert.Single(after.Groups, g => g.Key == "ent").Metrics);
    }

    [Fact]
    public async Task Segments_and_per_customer_scores_no_longer_count_the_erased_customer()
    {
        var asOf = Rows.At(40);
        var tiersBefore = await Metrics.SegmentCustomersAsync(new SegmentCustomersRequest { Kind = SegmentationKind.ClvTiers, AsOf = asOf });
        var rfmBefore = (await Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "b", AsOf = asOf })).Rfm;
        Assert.Equal(3, tiersBefore.TotalSize);

        await Customers.DeleteCustomerAsync(new DeleteCustomerRequest { Id = "a" });

        var tiers = await Metrics.SegmentCustomersAsync(new SegmentCustomersRequest { Kind = SegmentationKind.ClvTiers, AsOf = asOf });
        Assert.Equal(2, tiers.TotalSize);
        Assert.Equal(["c", "b"], tiers.Customers.Select(c => c.CustomerId));
        var rfm = await Metrics.SegmentCustomersAsync(new SegmentCustomersRequest { Kind = SegmentationKind.Rfm, AsOf = asOf });
        Assert.Equal(2, rfm.TotalSize);
        // b's monetary score is a percentile of the book's purchasers: with "a" (40.00) gone b (50.00) is the lowest.
        // The per-customer call caches the book's RFM distribution; the erasure must have made it stale.
        var rfmAfter = (await Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "b", AsOf = asOf })).Rfm;
        Assert.True(rfmBefore.Monetary > rfmAfter.Monetary, $"monetary score {rfmBefore.Monetary} before, {rfmAfter.Monetary} after");
        Assert.Equal(Assert.Single(rfm.Customers, c => c.CustomerId == "b").Rfm, rfmAfter);
    }

    [Fact]
    public async Task Unknown_id_is_not_found_and_empty_id_is_invalid_argument_naming_id()
    {
        var unknown = await FailsWith(StatusCode.NotFound, () => Customers.DeleteCustomerAsync(new DeleteCustomerRequest { Id = "nobody" }).ResponseAsync);
        Assert.Contains("'nobody'", unknown.Status.Detail, StringComparison.Ordinal);
        var empty = await FailsWith(StatusCode.InvalidArgument, () => Customers.DeleteCustomerAsync(new DeleteCustomerRequest { Id = "" }).ResponseAsync);
        Assert.Equal("id", Assert.Single(FieldViolations(empty)).Field);
        Assert.Equal(3, (await Customers.ListCustomersAsync(new ListCustomersRequest())).Customers.Count);
    }

    [Fact]
    public async Task The_same_id_and_its_rows_can_be_imported_again_afterwards()
    {
        var before = await PortfolioAsync();
        await Customers.DeleteCustomerAsync(new DeleteCustomerRequest { Id = "a" });

        await ImportBookAsync();

        var customer = (await Customers.GetCustomerAsync(new GetCustomerRequest { Id = "a" })).Customer;
        Assert.Equal("smb", customer.Segment);
        var transactions = await _server.Transactions.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = "a" });
        Assert.Equal(["t-a1", "t-a2"], transactions.Transactions.Select(t => t.Id).Order());
        var after = await PortfolioAsync();
        Assert.Equal((before.Purchases, before.Revenue, before.NpsResponses), (after.Purchases, after.Revenue, after.NpsResponses));
    }

    private MetricsService.MetricsServiceClient Metrics => _server.Metrics;

    private Task<GetPortfolioMetricsResponse> PortfolioAsync() =>
        Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
        {
            Period = Month, GroupBy = new GroupBy { Dimension = GroupByDimension.Segment },
        }).ResponseAsync;

    /// <summary>The book; imported again after an erasure, the other customers' rows count as duplicates.</summary>
    private async Task ImportBookAsync()
    {
        var customers = await ImportAsync(Customers.ImportCustomers(), [new ImportCustomersRequest
        {
            Customers = { Rows.Customer("a"), Rows.Customer("b"), Rows.Customer("c", segment: "ent") },
        }]);
        Assert.Equal(0, customers.Rejected);
        var transactions = await ImportAsync(_server.Transactions.ImportTransactions(), [new ImportTransactionsRequest
        {
            Transactions =
            {
                Rows.Purchase("t-a1", "a", 1_000, day: 2), Rows.Purchase("t-a2", "a", 3_000, day: 5),
                Rows.Purchase("t-b1", "b", 5_000, day: 3), Rows.Purchase("t-c1", "c", 7_000, day: 4),
            },
        }]);
        Assert.Equal(0, transactions.Rejected);
        var surveys = await ImportAsync(_server.Engagement.ImportSurveyResponses(), [new ImportSurveyResponsesRequest
        {
            Responses = { Nps("r-a", "a", 10), Nps("r-b", "b", 0), Nps("r-c", "c", 9) },
        }]);
        Assert.Equal(0, surveys.Rejected);
        var support = await ImportAsync(_server.Engagement.ImportSupportInteractions(), [new ImportSupportInteractionsRequest
        {
            Interactions = { new SupportInteraction { Id = "i-a", CustomerId = "a", OpenedAt = Rows.At(6), FirstResponseAt = Rows.At(7) } },
        }]);
        Assert.Equal(0, support.Rejected);
    }

    private static SurveyResponse Nps(string id, string customerId, int score) =>
        new() { Id = id, CustomerId = customerId, Kind = SurveyKind.Nps, Score = score, RespondedAt = Rows.At(8) };
}
