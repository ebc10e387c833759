using System.Diagnostics;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Hosting;
using CrmGrpc.Server.Tests.Services;
using CrmGrpc.Server.Tests.Services.Uplift;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CrmGrpc.Server.Tests.Limits;

/// <summary>
/// Reads over the whole book end at the call's deadline: DEADLINE_EXCEEDED reaches the caller at the deadline, and the
/// server's work stops soon after it (the store's reads take the call's token), so an abandoned call does not hold a
/// heavy-work place. Each call below runs for several times its deadline (HeavyBookFixture; measured here at 30,000 customers, a
/// third of its book now: the series 24-33 s, the cohorts about 1 s, the data-quality report 0.2-0.4 s), so the deadline falls
/// in the middle of the work.
/// Uplift, recalculation and segmentation are in Services/HeavyCancellationTests.
/// </summary>
public sealed class DeadlineTests(HeavyBookFixture fixture) : IClassFixture<HeavyBookFixture>
{
    /// <summary>How late the caller may see the deadline, and how long the server may work on after it: room for a loaded machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(750);

    private static readonly Period Decades = new() { Start = UpliftBook.At("2000-01-01"), End = UpliftBook.At("2030-01-01") };

    private HeavyWork Heavy => fixture.Server.Services.GetRequiredService<HeavyWork>();

    private MetricsService.MetricsServiceClient Metrics => fixture.Server.Metrics;

    [Fact]
    public async Task A_monthly_series_over_decades_stops_at_its_deadline() =>
        await AssertStopsAsync(deadline => Metrics.GetMetricSeriesAsync(
            new GetMetricSeriesRequest { Range = Decades, Granularity = Granularity.Month }, deadline: deadline).ResponseAsync, TimeSpan.FromMilliseconds(200));

    [Fact]
    public async Task Monthly_cohorts_over_decades_stop_at_their_deadline() =>
        await AssertStopsAsync(deadline => Metrics.GetCohortRetentionAsync(
            new GetCohortRetentionRequest { Range = Decades, Granularity = Granularity.Month, AsOf = UpliftBook.At("2025-01-01") },
            deadline: deadline).ResponseAsync, TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task The_data_quality_report_stops_at_its_deadline() =>
        await AssertStopsAsync(deadline => Metrics.GetDataQualityReportAsync(
            new GetDataQualityReportRequest { SampleSize = 10, AsOf = UpliftBook.At("2025-01-01") }, deadline: deadline).ResponseAsync, TimeSpan.FromMilliseconds(30));

    // Each deadline is well under the call's work on a warm, quiet machine (at 30,000 customers: series 24-33 s, cohorts
    // 0.24-1 s, the quality report 0.2-0.4 s), so the call is cut short mid-work, not answered before its deadline.
    private async Task AssertStopsAsync(Func<DateTime, Task> call, TimeSpan deadlineIn)
    {
        var started = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() => call(DateTime.UtcNow + deadlineIn));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(started.Elapsed < deadlineIn + Bound, $"DEADLINE_EXCEEDED came {started.Elapsed.TotalMilliseconds:N0} ms after the call began");

        var deadlinePassed = Stopwatch.StartNew();
        while (Heavy.Executing > 0 && deadlinePassed.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(5);
        }

        Assert.True(deadlinePassed.Elapsed < Bound, $"the server worked on for {deadlinePassed.Elapsed.TotalMilliseconds:N0} ms after the deadline");
    }
}
