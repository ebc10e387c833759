using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Metrics;

public sealed class MetricSeriesTests(GoldenBookFixture fixture) : IClassFixture<GoldenBookFixture>
{
    private readonly InProcessServer _server = fixture.Server;


    [Fact]
    public async Task Quarterly_buckets_are_clipped_to_the_range_and_carry_only_the_asked_metrics()
    {
        var series = await _server.Metrics.GetMetricSeriesAsync(new GetMetricSeriesRequest
        {
            Range = new Period { Start = GoldenBook.At("2023-02-15"), End = GoldenBook.At("2023-08-15") },
            Granularity = Granularity.Quarter,
            Metrics = { PortfolioMetric.AveragePurchaseValue, PortfolioMetric.Nps },
        });

        Assert.Equal(
            [("2023-02-15", "2023-04-01"), ("2023-04-01", "2023-07-01"), ("2023-07-01", "2023-08-15")],
            series.Points.Select(p => (Day(p.Bucket.Start), Day(p.Bucket.End))));
        var q1 = series.Points[0].Metrics;
        Assert.Equal((50.0 + 60) / 2, q1.AveragePurchaseValue, 1e-9);  // a2 (03-01) and c1 (03-10); a1 is before 02-15
        Assert.False(q1.HasPurchaseFrequency);                          // not asked for
        Assert.DoesNotContain(q1.Unavailable, u => u.Metric == "purchaseFrequency");
        Assert.Contains(q1.Unavailable, u => u.Metric == "nps");        // no responses in Q1
        Assert.Equal(0.0, series.Points[1].Metrics.Nps, 1e-9);          // all five on 06-15
        Assert.Equal(60.0, series.Points[2].Metrics.AveragePurchaseValue, 1e-9); // c2 on 08-01
    }

    [Fact]
    public async Task Monthly_buckets_split_at_month_boundaries_and_groups_follow_the_whole_book()
    {
        var series = await _server.Metrics.GetMetricSeriesAsync(new GetMetricSeriesRequest
        {
            Range = new Period { Start = GoldenBook.At("2023-02-01"), End = GoldenBook.At("2023-04-01") },
            Granularity = Granularity.Month,
            GroupBy = new GroupBy { Dimension = GroupByDimension.Segment },
            Metrics = { PortfolioMetric.AveragePurchaseValue },
        });

        Assert.Equal(
            [("2023-02-01", ""), ("2023-02-01", "ent"), ("2023-02-01", "smb"), ("2023-03-01", ""), ("2023-03-01", "ent"), ("2023-03-01", "smb")],
            series.Points.Select(p => (Day(p.Bucket.Start), p.GroupKey)));
        Assert.Equal(100.0, series.Points[0].Metrics.AveragePurchaseValue, 1e-9);
        Assert.Equal(60.0, series.Points[4].Metrics.AveragePurchaseValue, 1e-9);
    }

    [Fact]
    public async Task A_yearly_series_and_its_errors()
    {
        var yearly = await _server.Metrics.GetMetricSeriesAsync(new GetMetricSeriesRequest
        {
            Range = new Period { Start = GoldenBook.At("2022-06-01"), End = GoldenBook.At("2024-06-01") },
            Granularity = Granularity.Year,
        });
        Assert.Equal(["2022-06-01", "2023-01-01", "2024-01-01"], yearly.Points.Select(p => Day(p.Bucket.Start)));
        Assert.Equal(6, yearly.Points[1].Metrics.Purchases);

        await FailsWith(StatusCode.InvalidArgument, () => _server.Metrics.GetMetricSeriesAsync(new GetMetricSeriesRequest
        {
            Range = GoldenBook.Year2023,
        }).ResponseAsync);
        var tooMany = await FailsWith(StatusCode.InvalidArgument, () => _server.Metrics.GetMetricSeriesAsync(new GetMetricSeriesRequest
        {
            Range = new Period { Start = GoldenBook.At("1900-01-01"), End = GoldenBook.At("2023-01-01") },
            Granularity = Granularity.Month,
        }).ResponseAsync);
        Assert.Equal("range", Assert.Single(FieldViolations(tooMany)).Field);
    }

    private static string Day(Google.Protobuf.WellKnownTypes.Timestamp timestamp) =>
        timestamp.ToDateTime().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
