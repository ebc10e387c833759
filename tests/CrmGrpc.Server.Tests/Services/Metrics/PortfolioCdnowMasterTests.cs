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

    [SharedDataFact(Cdnow.MasterFile)]
    public async Task With_a_180_day_window_every_churn_based_metric_and_clv_matches_the_file_recomputed_independently()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"), "--Crm:AllowZeroAmountPurchases=true");
        var lines = Cdnow.ReadMaster();
        Assert.Equal(0L, (await Cdnow.LoadAsync(server, lines)).Rejected);
        var window = TimeSpan.FromDays(180);

        // The whole observation (the README's tour) and its last year, which starts with customers on the books.
        foreach (var (start, end) in new[] { (Utc(1997, 1, 1), Utc(1998, 7, 1)), (Utc(1997, 7, 1), Utc(1998, 7, 1)) })
        {
            var m = await server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
            {
                Period = new Period { Start = Timestamp.FromDateTime(start), End = Timestamp.FromDateTime(end) },
                ChurnDefinition = new ChurnDefinition { InactivityDays = 180 },
            });

            // Recomputed from the file: each customer is acquired at its first purchase; its last activity as of the
            // end is its last purchase before the end; it churned 180 days later if that is before the end.
            long atStart = 0, atEnd = 0, acquired = 0, lost = 0, churned = 0;
            var lifespanDays = 0.0;
            foreach (var customer in lines.GroupBy(l => l.CustomerId))
            {
                var acquiredAt = customer.Min(l => l.Date);
                var last = customer.Where(l => l.Date < end).Select(l => l.Date).DefaultIfEmpty(acquiredAt).Max();
                DateTime? churnedAt = end - last > window ? last + window : null;
                atStart += acquiredAt < start && !(churnedAt < start) ? 1 : 0;
                atEnd += acquiredAt < end && !(churnedAt < end) ? 1 : 0;
                acquired += acquiredAt >= start && acquiredAt < end ? 1 : 0;
                lost += churnedAt >= start && churnedAt < end ? 1 : 0;
                if (churnedAt < end)
                {
                    churned++;
                    lifespanDays += (churnedAt.Value - acquiredAt).TotalDays;
                }
            }

            var inPeriod = lines.Where(l => l.Date >= start && l.Date < end).ToList();
            var purchasing = inPeriod.Select(l => l.CustomerId).Distinct().Count();
            var revenue = inPeriod.Sum(l => l.Cents) / 100.0;
            var years = (end - start).TotalDays / 365.25;
            var lifespanYears = lifespanDays / churned / 365.25;

            Assert.Equal(180, m.ChurnDefinition.InactivityDays);
            Assert.Equal((atStart, atEnd, acquired, lost), (m.CustomersAtStart, m.CustomersAtEnd, m.CustomersAcquired, m.CustomersLost));
            Assert.True(churned > 1000, $"{churned} churned: CDNOW lapses massively within 180 days");
            Assert.Equal(LifespanMethod.ObservedChurn, m.LifespanMethod);
            Assert.Equal(lifespanYears, m.AverageLifespanYears, 9);
            Assert.Equal(revenue / inPeriod.Count * ((double)inPeriod.Count / purchasing) / years * lifespanYears, m.HistoricalClv, 6);
            Assert.Equal(revenue / purchasing / years * lifespanYears, m.RevenueClv, 6);
            if (atStart == 0)
            {
                Assert.Contains(m.Unavailable, u => u.Metric == "churnRate" && u.Reason == "no customers at the start of the period");
            }
            else
            {
                Assert.Equal((double)lost / atStart, m.ChurnRate, 12);
                Assert.Equal((double)(atEnd - acquired) / atStart, m.RetentionRate, 12);
            }

            // No cost or spend in CDNOW: net CLV and CLV : CAC stay absent for those reasons, not for want of churn.
            Assert.Contains(m.Unavailable, u => u.Metric == "netClv" && u.Reason.Contains("cost", StringComparison.Ordinal));
            Assert.Contains(m.Unavailable, u => u.Metric == "clvToCacRatio" && u.Reason.Contains("marketing spend", StringComparison.Ordinal));
        }
    }

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);
}
