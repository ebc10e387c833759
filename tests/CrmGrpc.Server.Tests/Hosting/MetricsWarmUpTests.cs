using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Hosting;
using CrmGrpc.Server.Services.Metrics;
using CrmGrpc.Server.Options;
using CrmGrpc.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmGrpc.Server.Tests.Hosting;

/// <summary>The start-up warm-up runs the real per-customer metric path, and a server runs it unless told not to.</summary>
public sealed class MetricsWarmUpTests
{
    [Fact]
    public void The_sample_goes_through_the_model_read_back_from_json_and_both_churn_definitions()
    {
        var batches = MetricsWarmUp.ComputeSample(new CrmOptions(), CancellationToken.None);

        Assert.Equal(2, batches.Count);
        foreach (var batch in batches)
        {
            Assert.Equal(MetricsWarmUp.SampleCustomers, batch.Customers.Count);
            var purchasing = batch.Customers.Where(c => c.Rfm is not null).ToList();
            Assert.Equal(MetricsWarmUp.SampleCustomers - (MetricsWarmUp.SampleCustomers / 8), purchasing.Count);
            Assert.All(purchasing, c =>
            {
                Assert.InRange(c.ProbabilityAlive, double.Epsilon, 1);
                Assert.True(c.HasPredictiveClv && double.IsFinite(c.PredictiveClv) && c.PredictiveClv > 0, $"{c.CustomerId}: predictive CLV {c.PredictiveClv}");
                Assert.True(c.ExpectedAverageValue > 0);
                Assert.NotEmpty(c.ModelId);
            });
            Assert.All(batch.Customers.Except(purchasing), c => Assert.False(c.HasPredictiveClv));
        }

        // Recorded churn only in the first batch; the 90-day window infers more in the second.
        Assert.DoesNotContain(batches[0].Customers, c => c.Churn.Inferred);
        Assert.Contains(batches[1].Customers, c => c.Churn.Inferred);
        Assert.True(batches[1].Customers.Count(c => c.Churn.Churned) > batches[0].Customers.Count(c => c.Churn.Churned));
    }

    [Fact]
    public async Task The_recalculation_on_no_customer_writes_its_progress_only_and_changes_nothing()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(Path.Combine(directory.Path, "crm.db"), "--Crm:HeavyWork:WarmUp=false");
        await Streams.ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { Rows.Customer("wu-1") } }]);
        await Streams.ImportAsync(server.Transactions.ImportTransactions(), [new ImportTransactionsRequest { Transactions = { Rows.Purchase("wu-t1", "wu-1", amountMinor: 1200, day: 3) } }]);
        var service = ActivatorUtilities.CreateInstance<MetricsGrpcService>(server.Services);

        var written = await MetricsWarmUp.RecalculateNoCustomerAsync(service, CancellationToken.None);

        Assert.NotEmpty(written);
        Assert.All(written, message =>
        {
            Assert.Equal(StreamCustomerMetricsResponse.PayloadOneofCase.Progress, message.PayloadCase);
            Assert.Equal((0L, 0L), (message.Progress.Done, message.Progress.Total));
        });
        var customers = await server.Customers.ListCustomersAsync(new ListCustomersRequest());
        Assert.Equal(["wu-1"], customers.Customers.Select(c => c.Id));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_server_warms_up_at_start_unless_configured_not_to(bool warmUp)
    {
        using var directory = new TempDirectory();
        var log = new LogCapture();
        await using var server = await InProcessServer.StartAsync(
            Path.Combine(directory.Path, "crm.db"), builder => builder.Logging.AddProvider(log),
            $"--Crm:HeavyWork:WarmUp={warmUp}", "--Logging:LogLevel:CrmGrpc.Server.Hosting.MetricsWarmUp=Information");

        var service = server.Services.GetServices<IHostedService>().OfType<MetricsWarmUp>().Single();
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

        var entries = log.Entries.Where(e => e.Category == typeof(MetricsWarmUp).FullName).ToList();
        if (warmUp)
        {
            var entry = Assert.Single(entries);
            Assert.Equal(LogLevel.Information, entry.Level);
            Assert.StartsWith("Compiled the metric path at start: ", entry.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(entries);
        }
    }
}
