using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>
/// BG/BB on a book that keeps acquiring: customers whose first purchase's week or month has not ended by the calibration
/// end have had no transaction opportunity yet (n = 0); they neither break the fit nor the per-customer predictions.
/// </summary>
public sealed class FitModelsOpenPeriodTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const int Customers = 300;

    // 2026-02-26, a Thursday: the last customers' first weeks and February have not ended by it.
    private static readonly Timestamp CalibrationEnd = Rows.At(727);

    [Theory]
    [InlineData(TimeUnit.Weeks)]
    [InlineData(TimeUnit.Months)]
    public async Task Customers_still_in_their_first_period_have_no_opportunity_yet_and_the_fit_and_predictions_work(TimeUnit unit)
    {
        await LoadAsync();

        var fit = await new ModelService.ModelServiceClient(fixture.Server.Channel).FitModelsAsync(new FitModelsRequest
        {
            CalibrationEnd = CalibrationEnd,
            TimeUnit = unit,
            Models = { ModelKind.BgBb },
        });
        var metrics = await fixture.Server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "op-newest", ModelId = fit.Model.Id });

        var bgbb = Assert.Single(fit.Model.Fits);
        Assert.True(bgbb.Converged);
        Assert.Equal(Customers + 1, fit.Model.Customers);
        // Period 0 still open: (x, t_x, n) = (0, 0, 0), alive for sure.
        Assert.Equal(0, metrics.Summary.Frequency);
        Assert.Equal(0, metrics.Summary.Age);
        Assert.Equal(1, metrics.ProbabilityAlive);
    }

    /// <summary>Customers acquired one every 2.4 days over two years, buying every 20–60 days, and one who first bought the day before the calibration end.</summary>
    private async Task LoadAsync()
    {
        var random = new Random(29);
        var customers = new ImportCustomersRequest { Customers = { Rows.Customer("op-newest") } };
        var transactions = new ImportTransactionsRequest { Transactions = { Rows.Purchase("op-newest-0", "op-newest", day: 726) } };
        for (var i = 0; i < Customers; i++)
        {
            var id = $"op-{i:D4}";
            var first = (int)(i * 2.4);
            customers.Customers.Add(Rows.Customer(id));
            var n = 0;
            for (var day = first; day <= 727 && n < 12; day += random.Next(20, 61))
            {
                transactions.Transactions.Add(Rows.Purchase($"{id}-{n++}", id, day: day));
            }
        }

        await ImportAsync(fixture.Server.Customers.ImportCustomers(), [customers]);
        var imported = await ImportAsync(fixture.Server.Transactions.ImportTransactions(), [transactions]);
        Assert.Equal(0, imported.Rejected);
    }
}
