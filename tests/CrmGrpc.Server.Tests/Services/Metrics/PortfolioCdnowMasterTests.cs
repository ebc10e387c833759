using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Server.Tests.Services.Metrics;

/// <summary>
/// End to end over gRPC on the CDNOW master file (23,570 customers, 69,659 purchases): the service's portfolio
/// metrics equal figures recomputed here straight from the file.
/// </summary>
public sealed class PortfolioCdnowMasterTests
{
    [SharedDataFact(Cdnow.MasterFile)]
    public async Task Portfolio_metrics_of_1997_match_the_file_recomputed_independently()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"), "--Crm:AllowZeroAmountPurchases=true");
        var lines = Cdnow.ReadMaster();
        var imported = await Cdnow.LoadAsync(server, lines);
        Assert.Equal((69_659L, 0L), (imported.Accepted, imported.Rejected));

        var start = new DateTime(1997, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(1998, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var m = await server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
        {
            Period = new Period { Start = Timestamp.FromDateTime(start), End = Timestamp.FromDateTime(end) },
        });

        // Recomputed from the file: purchases are lines (every CDNOW line is a purchase, $0 ones included).
        var inPeriod = lines.Where(l => l.Date >= start && l.Date < end).ToList();
        var purchases = inPeriod.Count;
        var revenue = inPeriod.Sum(l => l.Cents) / 100.0;
        var byCustomer = inPeriod.GroupBy(l => l.CustomerId).Select(g => g.Count()).ToList();
        Assert.Equal(purchases, m.Purchases);
        Assert.Equal(byCustomer.Count, m.PurchasingCustomers);
        Assert.Equal(revenue, m.Revenue, 1e-6);
        Assert.Equal(revenue / purchases, m.AveragePurchaseValue, 1e-9);
        Assert.Equal((double)purchases / byCustomer.Count, m.PurchaseFrequency, 1e-9);
        Assert.Equal(byCustomer.Count(n => n >= 2) / (double)byCustomer.Count, m.RepeatPurchaseRate, 1e-9);
        Assert.Equal(0, m.CustomersAtStart);                     // every CDNOW customer first bought in 1997 Q1
        Assert.Equal(23_570, m.CustomersAcquired);
        Assert.Equal(23_570, m.CustomersAtEnd);                  // nobody is recorded as churned
        Assert.Contains(m.Unavailable, u => u.Metric == "churnRate");
        Assert.Contains(m.Unavailable, u => u.Metric == "averageLifespanYears");
        Assert.Contains(m.Unavailable, u => u.Metric == "cac" && u.Reason.Contains("no marketing spend", StringComparison.Ordinal));
    }
}
