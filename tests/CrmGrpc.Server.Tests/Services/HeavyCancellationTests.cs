using System.Diagnostics;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Hosting;
using CrmGrpc.Server.Tests.Infrastructure;
using CrmGrpc.Server.Tests.Services.Uplift;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services;

/// <summary>
/// A book big enough that each heavy call takes far longer than its deadline, for the heavy-call tests below. At 30,000
/// customers the RFM segmentation once finished inside its 30 ms deadline on a quick day (the VM's speed doubles from
/// one day to the next), so the book has 100,000.
/// </summary>
public sealed class HeavyBookFixture : IAsyncLifetime, IDisposable
{
    public const int Customers = 100_000;

    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync(_directory.File("crm.db"));
        var customers = new ImportCustomersRequest();
        var transactions = new ImportTransactionsRequest();
        for (var i = 0; i < Customers; i++)
        {
            var id = $"h{i:D6}";
            customers.Customers.Add(new Customer { Id = id, Name = id, Segment = i % 2 == 0 ? "t" : "c", Channel = "web", AcquiredAt = UpliftBook.At("2023-01-01") });
            foreach (var (day, dollars) in new[] { ("2024-01-15", 10 + (i % 7)), ("2024-03-15", 12 + (i % 5)) })
            {
                transactions.Transactions.Add(new Transaction
                {
                    Id = $"{id}-{day}", CustomerId = id, OccurredAt = UpliftBook.At(day), AmountMinor = dollars * 100, Currency = "USD",
                    Kind = TransactionKind.Purchase, SaleType = SaleType.Repeat,
                });
            }
        }

        await ImportAsync(Server.Customers.ImportCustomers(), customers.Customers.Chunk(10_000).Select(c => new ImportCustomersRequest { Customers = { c } }));
        await ImportAsync(Server.Transactions.ImportTransactions(), transactions.Transactions.Chunk(10_000).Select(c => new ImportTransactionsRequest { Transactions = { c } }));
        await Server.Engagement.RecordCrmChangeAsync(new RecordCrmChangeRequest
        {
            Change = new CrmChange { Id = "heavy", Name = "heavy", EffectiveAt = UpliftBook.At("2024-03-01"), TreatedSegment = "t" },
        });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _directory.Dispose();
}

/// <summary>
/// Heavy calls stop soon after their deadline: the work on the server ends, not only the call. Each call below would
/// run on for a second or more; the bound leaves room for a loaded machine.
/// </summary>
public sealed class HeavyCancellationTests(HeavyBookFixture fixture) : IClassFixture<HeavyBookFixture>
{
    private static readonly TimeSpan StopBound = TimeSpan.FromMilliseconds(500);

    private HeavyWork Heavy => fixture.Server.Services.GetRequiredService<HeavyWork>();

    [Fact]
    public async Task Uplift_bootstrap_stops_at_its_deadline()
    {
        var call = new UpliftService.UpliftServiceClient(fixture.Server.Channel).MeasureUpliftAsync(new MeasureUpliftRequest
        {
            ChangeId = "heavy", Metric = UpliftMetric.RevenuePerCustomer, ControlSegment = "c", WindowDays = 60, BootstrapSamples = 100_000,
        }, deadline: DateTime.UtcNow.AddMilliseconds(400));

        await AssertStopsAsync(() => call.ResponseAsync);
    }

    [Fact]
    public async Task Recalculation_stops_at_its_deadline()
    {
        using var call = fixture.Server.Metrics.StreamCustomerMetrics(
            new StreamCustomerMetricsRequest { BatchSize = 100, AsOf = UpliftBook.At("2024-06-01") }, deadline: DateTime.UtcNow.AddMilliseconds(60));

        await AssertStopsAsync(async () =>
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
                await Task.Delay(5); // a slow reader: the server must not go on without it
            }
        });
    }

    [Fact]
    public async Task Segmentation_stops_at_its_deadline()
    {
        var call = fixture.Server.Metrics.SegmentCustomersAsync(
            new SegmentCustomersRequest { Kind = SegmentationKind.Rfm, AsOf = UpliftBook.At("2024-06-01") }, deadline: DateTime.UtcNow.AddMilliseconds(30));

        await AssertStopsAsync(() => call.ResponseAsync);
    }

    private async Task AssertStopsAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        var deadlinePassed = Stopwatch.StartNew();
        while (Heavy.Executing > 0 && deadlinePassed.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(5);
        }

        Assert.True(deadlinePassed.Elapsed < StopBound, $"the server worked on for {deadlinePassed.Elapsed.TotalMilliseconds:N0} ms after the deadline");
    }
}
