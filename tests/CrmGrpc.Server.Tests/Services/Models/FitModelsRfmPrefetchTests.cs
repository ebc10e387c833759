using CrmGrpc.Contracts.V1;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>A fit reads the book's RFM distribution as of its calibration end ahead of the requests that use the new model.</summary>
public sealed class FitModelsRfmPrefetchTests
{
    private const int Customers = 120;
    private static readonly DateTimeOffset CalibrationEnd = Rows.Day.AddDays(400);

    [Fact]
    public async Task The_next_per_customer_request_finds_the_distribution_read_until_a_write_makes_it_stale()
    {
        using var directory = new TempDirectory();
        CountingScans? scans = null;
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"), builder =>
        {
            var store = builder.Services.Last(d => d.ServiceType == typeof(ICustomerScanRepository));
            builder.Services.AddSingleton<ICustomerScanRepository>(services =>
                scans = new CountingScans((ICustomerScanRepository)ActivatorUtilities.CreateInstance(services, store.ImplementationType!)));
        }, "--Crm:HeavyWork:WarmUp=false");
        await LoadBookAsync(server);

        await new ModelService.ModelServiceClient(server.Channel).FitModelsAsync(
            new FitModelsRequest { CalibrationEnd = Timestamp.FromDateTimeOffset(CalibrationEnd), TimeUnit = TimeUnit.Days });

        // The read runs after the fit's response, in the background.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (scans!.RfmReads.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal([CalibrationEnd], scans.RfmReads);
        var first = await server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "rp-0001" });
        Assert.NotNull(first.Rfm);
        Assert.Single(scans.RfmReads);

        // A write changes the book: the next request reads the distribution again.
        await ImportAsync(server.Transactions.ImportTransactions(), [new ImportTransactionsRequest { Transactions = { Rows.Purchase("rp-late", "rp-0002", amountMinor: 900, day: 390) } }]);
        await server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "rp-0001" });
        Assert.Equal([CalibrationEnd, CalibrationEnd], scans.RfmReads);
    }

    /// <summary>Customers buying at random over a year, some dropping out early.</summary>
    private static async Task LoadBookAsync(InProcessServer server)
    {
        var random = new Random(17);
        var customers = new ImportCustomersRequest();
        var transactions = new ImportTransactionsRequest();
        for (var i = 0; i < Customers; i++)
        {
            var id = $"rp-{i:D4}";
            var first = random.Next(0, 200);
            var customer = Rows.Customer(id);
            customer.AcquiredAt = Rows.At(first);
            customers.Customers.Add(customer);
            var last = first + random.Next(0, 200);
            var n = 0;
            for (double day = first; day <= last; day += 1 + (-Math.Log(1 - random.NextDouble()) * 30))
            {
                transactions.Transactions.Add(Rows.Purchase($"{id}-{n++}", id, amountMinor: 1000 + random.Next(5000), day: (int)day));
            }
        }

        await ImportAsync(server.Customers.ImportCustomers(), [customers]);
        var imported = await ImportAsync(server.Transactions.ImportTransactions(), [transactions]);
        Assert.Equal(0, imported.Rejected);
    }

    /// <summary>The store's scans, counting the RFM distributions read (their as-of dates).</summary>
    private sealed class CountingScans(ICustomerScanRepository inner) : ICustomerScanRepository
    {
        private readonly List<DateTimeOffset> _rfmReads = [];

        public IReadOnlyList<DateTimeOffset> RfmReads
        {
            get
            {
                lock (_rfmReads)
                {
                    return [.. _rfmReads];
                }
            }
        }

        public Task<RfmDistribution> ReadRfmDistributionAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
        {
            lock (_rfmReads)
            {
                _rfmReads.Add(asOf);
            }

            return inner.ReadRfmDistributionAsync(asOf, cancellationToken);
        }

        public Task<long> CountAsync(CustomerSelection selection, CancellationToken cancellationToken) => inner.CountAsync(selection, cancellationToken);

        public Task ReadPurchaseHistoriesAsync(
            string? segment, DateTimeOffset asOf, int parts, Action<int, ReadOnlySpan<PurchaseHistory>> onChunk, CancellationToken cancellationToken) =>
            inner.ReadPurchaseHistoriesAsync(segment, asOf, parts, onChunk, cancellationToken);

        public IAsyncEnumerable<CustomerFacts> ScanAsync(CustomerSelection selection, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            inner.ScanAsync(selection, asOf, cancellationToken);

        public IAsyncEnumerable<CustomerFacts> ScanAsync(CustomerSelection selection, DateTimeOffset asOf, bool withPurchaseDays, CancellationToken cancellationToken) =>
            inner.ScanAsync(selection, asOf, withPurchaseDays, cancellationToken);
    }
}
