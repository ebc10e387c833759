using CrmGrpc.Contracts.V1;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Metrics;

public sealed class SegmentCustomersTests(SyntheticBookFixture book) : IClassFixture<SyntheticBookFixture>
{
    private MetricsService.MetricsServiceClient Client => book.Server.Metrics;

    private async Task<(List<CustomerSegment> All, SegmentCustomersResponse First, int Pages)> PageAllAsync(SegmentCustomersRequest request)
    {
        var all = new List<CustomerSegment>();
        SegmentCustomersResponse? first = null;
        var pages = 0;
        do
        {
            var page = await Client.SegmentCustomersAsync(request);
            first ??= page;
            all.AddRange(page.Customers);
            request.PageToken = page.NextPageToken;
            pages++;
        }
        while (request.PageToken.Length > 0);

        return (all, first, pages);
    }

    [Fact]
    public async Task Clv_tiers_rank_every_customer_by_value_across_pages_with_quantile_thresholds()
    {
        var (all, first, pages) = await PageAllAsync(new SegmentCustomersRequest { Kind = SegmentationKind.ClvTiers, PageSize = 40 });

        Assert.Equal(SyntheticBookFixture.Customers, all.Count);
        Assert.Equal(SyntheticBookFixture.Customers, first.TotalSize);
        Assert.Equal(7, pages);
        Assert.Equal(all.Select(c => c.CustomerId).Distinct().Count(), all.Count);
        Assert.Equal(all.OrderByDescending(c => c.HistoricalClv).ThenBy(c => c.CustomerId, StringComparer.Ordinal).Select(c => c.CustomerId), all.Select(c => c.CustomerId));

        // Thresholds are the type-7 quantiles (numpy's default) of every customer's historical CLV.
        var values = all.Select(c => c.HistoricalClv).Order().ToArray();
        double Quantile(double q)
        {
            var h = (values.Length - 1) * q;
            var lo = (int)Math.Floor(h);
            return values[lo] + ((h - lo) * (values[Math.Min(lo + 1, values.Length - 1)] - values[lo]));
        }

        Assert.Equal([Quantile(0.5), Quantile(0.8), Quantile(0.95)], first.TierThresholds);
        foreach (var customer in all)
        {
            var expected = customer.HistoricalClv >= Quantile(0.95) ? 1 : customer.HistoricalClv >= Quantile(0.8) ? 2 : customer.HistoricalClv >= Quantile(0.5) ? 3 : 4;
            Assert.Equal(expected, customer.ClvTier);
        }
    }

    [Fact]
    public async Task Rfm_scores_every_purchasing_customer_in_id_order()
    {
        var (all, first, _) = await PageAllAsync(new SegmentCustomersRequest { Kind = SegmentationKind.Rfm, PageSize = 100 });

        var purchasing = SyntheticBookFixture.Customers - (SyntheticBookFixture.Customers / 10);
        Assert.Equal(purchasing, all.Count);
        Assert.Equal(purchasing, first.TotalSize);
        Assert.Equal(all.Select(c => c.CustomerId).Order(StringComparer.Ordinal), all.Select(c => c.CustomerId));
        Assert.All(all, c => Assert.Matches("^[1-5][1-5][1-5]$", c.Rfm.Code));
        Assert.Contains(all, c => c.Rfm.Frequency == 5);
        Assert.Contains(all, c => c.Rfm.Frequency == 1);
    }

    [Fact]
    public async Task The_at_risk_list_holds_low_p_alive_customers_of_high_past_value_only()
    {
        var (all, first, _) = await PageAllAsync(new SegmentCustomersRequest
        {
            Kind = SegmentationKind.AtRisk, ProbabilityAliveBelow = 0.9, MinValueQuantile = 0.5, PageSize = 7,
        });
        var everyone = (await PageAllAsync(new SegmentCustomersRequest { Kind = SegmentationKind.ClvTiers, PageSize = 1000 })).All;
        var floor = first.TierThresholds[0]; // the 0.5 quantile of historical CLV

        var expected = everyone.Where(c => c.HasProbabilityAlive && c.ProbabilityAlive < 0.9 && c.HistoricalClv >= floor).Select(c => c.CustomerId).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, all.Select(c => c.CustomerId));
        Assert.Equal(expected.Count, first.TotalSize);
    }

    [Fact]
    public async Task Bad_segmentation_requests_name_their_fields()
    {
        var error = await FailsWith(StatusCode.InvalidArgument, () => Client.SegmentCustomersAsync(new SegmentCustomersRequest
        {
            TierQuantiles = { 0.8, 0.5 },
            ProbabilityAliveBelow = 1.5,
        }).ResponseAsync);

        Assert.Equal(["kind", "tier_quantiles", "probability_alive_below"], FieldViolations(error).Select(v => v.Field));
        var token = await FailsWith(StatusCode.InvalidArgument, () => Client.SegmentCustomersAsync(new SegmentCustomersRequest
        {
            Kind = SegmentationKind.Rfm,
            PageToken = Client.SegmentCustomers(new SegmentCustomersRequest { Kind = SegmentationKind.ClvTiers, PageSize = 1 }).NextPageToken,
        }).ResponseAsync);
        Assert.Equal("page_token", Assert.Single(FieldViolations(token)).Field);
    }
}
