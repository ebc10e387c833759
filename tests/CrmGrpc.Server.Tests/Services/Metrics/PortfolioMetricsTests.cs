using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Metrics;

/// <summary>Every descriptive metric of <see cref="GoldenBook"/> for 2023, with the arithmetic written out.</summary>
public sealed class PortfolioMetricsTests(GoldenBookFixture fixture) : IClassFixture<GoldenBookFixture>
{
    private const double Precision = 1e-9;

    // 2023 has 365 days; a year is 365.25 days.
    private const double Years = 365.0 / 365.25;

    private readonly InProcessServer _server = fixture.Server;


    private Task<GetPortfolioMetricsResponse> GetAsync(GroupBy? groupBy = null) =>
        _server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = GoldenBook.Year2023, GroupBy = groupBy }).ResponseAsync;

    [Fact]
    public async Task Counts_of_customers_purchases_and_responses()
    {
        var m = await GetAsync();

        Assert.Equal(3, m.CustomersAtStart);   // A, B, F (E not yet acquired; C, D acquired later)
        Assert.Equal(3, m.CustomersAtEnd);     // A, C, F (B and D churned)
        Assert.Equal(2, m.CustomersAcquired);  // C, D
        Assert.Equal(2, m.CustomersLost);      // B, D
        Assert.Equal(6, m.Purchases);          // a1 a2 b1 c1 c2 c3; f0 is before, f1 at the exclusive end
        Assert.Equal(3, m.PurchasingCustomers);
        Assert.Equal(350.0, m.Revenue, Precision); // 100 + 50 − 20 + 40 + 3 × 60
        Assert.Equal((5L, 2L, 2L, 3L), (m.NpsResponses, m.CsatResponses, m.CesResponses, m.SupportInteractions));
        Assert.Equal(GoldenBook.Year2023, m.Period);
    }

    [Fact]
    public async Task Purchase_metrics()
    {
        var m = await GetAsync();

        Assert.Equal(370.0 / 6, m.AveragePurchaseValue, Precision);    // purchases only: refunds are not purchases
        Assert.Equal(6.0 / 3, m.PurchaseFrequency, Precision);
        Assert.Equal(370.0 / 6 * 2, m.CustomerValue, Precision);
        Assert.Equal(2.0 / 3, m.RepeatPurchaseRate, Precision);        // A (2) and C (3) of A, B, C
        Assert.Equal(2.0 / 3, m.UpsellCrossSellRate, Precision);       // a2 upsell + c1 cross-sell over 3 at end
    }

    [Fact]
    public async Task Churn_retention_and_the_inverse_churn_lifespan()
    {
        var m = await GetAsync();
        var churn = 2.0 / 3;
        var annualChurn = 1 - Math.Pow(1 - churn, 1 / Years);
        var lifespan = 1 / annualChurn;                                // only 2 churned (< 30): 1 / annual churn

        Assert.Equal(churn, m.ChurnRate, Precision);
        Assert.Equal((3.0 - 2) / 3, m.RetentionRate, Precision);
        Assert.Equal(LifespanMethod.InverseChurnRate, m.LifespanMethod);
        Assert.Equal(lifespan, m.AverageLifespanYears, Precision);
    }

    [Fact]
    public async Task Clv_formulas_cac_and_the_ratio()
    {
        var m = await GetAsync();
        var lifespan = 1 / (1 - Math.Pow(1 - (2.0 / 3), 1 / Years));
        var historical = 370.0 / 6 * (2 / Years) * lifespan;          // APV × purchases per year per customer × lifespan
        var revenueClv = 350.0 / 3 / Years * lifespan;                 // annual net revenue per customer × lifespan
        var spend = (300.0 * 181 / 365) + 500;                         // web: 181 of its 365 days fall in 2023
        var cac = spend / 2;                                           // C and D acquired
        var net = revenueClv - (30.0 / 3 / Years * lifespan) - cac;    // cost to serve: a1's 30 over 3 customers

        Assert.Equal(historical, m.HistoricalClv, Precision);
        Assert.Equal(revenueClv, m.RevenueClv, Precision);
        Assert.Equal(cac, m.Cac, Precision);
        Assert.Equal(net, m.NetClv, Precision);
        Assert.Equal(historical / cac, m.ClvToCacRatio, Precision);

        var ads = m.Channels.Single(c => c.Channel == "ads");
        Assert.Equal((500.0, 2L, 250.0), (ads.Spend, ads.CustomersAcquired, ads.Cac));
        Assert.Equal(60.0 * (3 / Years) * lifespan / 250, ads.ClvToCacRatio, Precision); // C: 3 purchases of 60
        var web = m.Channels.Single(c => c.Channel == "web");
        Assert.Equal(300.0 * 181 / 365, web.Spend, Precision);
        Assert.False(web.HasCac);                                      // nobody acquired through web in 2023
    }

    [Fact]
    public async Task Survey_and_support_metrics()
    {
        var m = await GetAsync();

        Assert.Equal(100.0 * (2 - 2) / 5, m.Nps, Precision);          // promoters 10, 9; detractors 6, 3; passive 8
        Assert.Equal(1.0 / 2, m.Csat, Precision);                      // 5 satisfied, 3 not
        Assert.Equal((5.0 + 3) / 2, m.CsatMean, Precision);
        Assert.Equal((2.0 + 5) / 2, m.Ces, Precision);
        Assert.Equal((1800.0 + 7200) / 2, m.FirstResponseTime, Precision); // i3 has no response yet
        Assert.Equal(4500.0, m.FirstResponseTimeMedian, Precision);
        Assert.Equal((600.0 + 1200 + 0) / 3, m.AverageHandleTime, Precision);
        Assert.Empty(m.Unavailable);
    }

    [Fact]
    public async Task With_enough_churned_customers_the_lifespan_is_their_observed_mean()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("observed.db"), "--Crm:MinChurnedForObservedLifespan=2");
        await GoldenBook.LoadAsync(server);

        var m = await server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = GoldenBook.Year2023 });

        Assert.Equal(LifespanMethod.ObservedChurn, m.LifespanMethod);
        Assert.Equal((273.0 + 184) / 2 / 365.25, m.AverageLifespanYears, Precision); // B: 2022-09-01→2023-06-01, D: 2023-05-01→2023-11-01
    }

    [Fact]
    public async Task Grouped_by_segment_each_group_has_its_own_metrics_and_no_cac()
    {
        var m = await GetAsync(new GroupBy { Dimension = GroupByDimension.Segment });

        Assert.Equal(["ent", "smb"], m.Groups.Select(g => g.Key));
        var ent = m.Groups[0].Metrics;
        Assert.Equal((0L, 1L, 2L, 1L), (ent.CustomersAtStart, ent.CustomersAtEnd, ent.CustomersAcquired, ent.CustomersLost));
        Assert.Equal(60.0, ent.AveragePurchaseValue, Precision);
        Assert.False(ent.HasCac);
        Assert.Contains(ent.Unavailable, u => u.Metric == "cac" && u.Reason.Contains("attributed", StringComparison.Ordinal));
        Assert.Contains(ent.Unavailable, u => u.Metric == "churnRate");   // nobody at the start
        var smb = m.Groups[1].Metrics;
        Assert.Equal((100.0 + 50 + 40) / 3, smb.AveragePurchaseValue, Precision); // a1, a2, b1
        Assert.Equal(6, m.Purchases);                                  // the top level stays the whole book
    }

    [Fact]
    public async Task Grouped_by_channel_each_channel_carries_its_cac_and_by_attribute_its_key()
    {
        var byChannel = await GetAsync(new GroupBy { Dimension = GroupByDimension.Channel });
        var ads = byChannel.Groups.Single(g => g.Key == "ads").Metrics;
        Assert.Equal(250.0, ads.Cac, Precision);

        var byTier = await GetAsync(new GroupBy { Dimension = GroupByDimension.Attribute, AttributeKey = "tier" });
        Assert.Equal(["large", "small"], byTier.Groups.Select(g => g.Key));
        Assert.Equal(3, byTier.Groups[0].Metrics.Purchases);
    }

    [Fact]
    public async Task An_empty_period_reports_every_rate_as_absent_with_a_reason_never_zero()
    {
        var m = await _server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
        {
            Period = new Period { Start = GoldenBook.At("1990-01-01"), End = GoldenBook.At("1990-02-01") },
        });

        Assert.False(m.HasAveragePurchaseValue);
        Assert.False(m.HasChurnRate);
        Assert.False(m.HasNps);
        Assert.Equal(0, m.Purchases);
        Assert.All(m.Unavailable, u => Assert.False(string.IsNullOrWhiteSpace(u.Reason)));
        Assert.Contains(m.Unavailable, u => u.Metric == "averagePurchaseValue");
    }

    [Fact]
    public async Task Bad_periods_and_groupings_are_invalid_argument_naming_the_field()
    {
        var missing = await FailsWith(StatusCode.InvalidArgument, () => _server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest()).ResponseAsync);
        Assert.Equal(["period.start", "period.end"], FieldViolations(missing).Select(v => v.Field));

        var attribute = await FailsWith(StatusCode.InvalidArgument, () => GetAsync(new GroupBy { Dimension = GroupByDimension.Attribute }));
        Assert.Equal("group_by.attribute_key", Assert.Single(FieldViolations(attribute)).Field);
    }
}
