using CrmGrpc.Contracts.V1;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Uplift;

/// <summary>MeasureUplift end to end over gRPC on <see cref="UpliftBook"/>, with the arithmetic written out.</summary>
public sealed class MeasureUpliftTests(UpliftBookFixture fixture) : IClassFixture<UpliftBookFixture>
{
    private const double Precision = 1e-9;

    private readonly UpliftService.UpliftServiceClient _uplift = fixture.Uplift;

    private static MeasureUpliftRequest Loyalty(UpliftMetric metric = UpliftMetric.RevenuePerCustomer) =>
        new() { ChangeId = "loyalty", Metric = metric, WindowDays = 30 };

    private Task<MeasureUpliftResponse> MeasureAsync(MeasureUpliftRequest request) => _uplift.MeasureUpliftAsync(request).ResponseAsync;

    private static void AssertGroup(UpliftGroupResult group, long customers, double baseline, double post)
    {
        Assert.Equal(customers, group.Customers);
        Assert.Equal(baseline, group.Baseline, Precision);
        Assert.Equal(post, group.Post, Precision);
        Assert.Equal(post / baseline - 1, group.Uplift, Precision);
    }

    [Fact]
    public async Task Revenue_per_customer_of_the_changes_own_segment()
    {
        var response = await MeasureAsync(Loyalty());

        // Windows: [01-31, 03-01) and [03-01, 03-31). V4 joined after the change: out. Net revenue per customer:
        // baseline V1 100 + 50, V2 40, V3 30 (its last millisecond) = 220 / 3; post V1 120 + 90 − 10, V2 60 (at the
        // change's instant), V3 0 (its 500 is at the exclusive end) = 260 / 3; uplift 260 / 220 − 1 = 18.2 %.
        Assert.Equal((UpliftBook.At("2024-01-31"), UpliftBook.At("2024-03-01"), UpliftBook.At("2024-03-31")),
            (response.BaselineStart, response.EffectiveAt, response.PostEnd));
        AssertGroup(response.Treated, 3, 220.0 / 3, 260.0 / 3);
        Assert.Equal(260.0 / 220 - 1, response.Treated.Uplift, Precision);
        Assert.False(response.Treated.HasCiLower || response.Treated.HasCiUpper);   // 3 customers: no interval
        Assert.Equal(80.0 / 140 - 1, response.TreatedPreTrend, Precision);           // early V1 100 + V2 40, late V1 50 + V3 30
        Assert.False(response.HasControlPreTrend);
        Assert.Null(response.Control);
        Assert.Null(response.DifferenceInDifferences);
        Assert.Empty(response.Breakdown);
        Assert.Collection(
            response.Warnings,
            w => Assert.Equal("1 customer of the treated group was acquired on or after the change's effective date: left out, having no baseline.", w),
            w => Assert.Equal("The treated group has 3 customers, fewer than 30: its uplift has no bootstrap interval.", w),
            w => Assert.StartsWith("The treated group has a pre-trend: the second half of the baseline window is -42.9 % on the first, beyond ±10.0 %.", w, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(UpliftMetric.PurchaseFrequency, 4.0 / 3, 3.0 / 3)]            // purchases: 2 + 1 + 1 | 2 + 1 + 0 (a refund is no purchase)
    [InlineData(UpliftMetric.RepeatPurchaseRate, 1.0 / 3, 1.0 / 3)]           // only V1 bought twice, before and after
    [InlineData(UpliftMetric.HistoricalClv, 300.0 / 3, 560.0 / 3)]            // to 03-01: 150, 40, 80 + 30; to 03-31: 350, 100, 110
    public async Task The_other_metrics(UpliftMetric metric, double baseline, double post)
    {
        var response = await MeasureAsync(Loyalty(metric));

        AssertGroup(response.Treated, 3, baseline, post);
        if (metric == UpliftMetric.HistoricalClv)
        {
            Assert.Equal(300.0 / 220 - 1, response.TreatedPreTrend, Precision);   // CLV to the midpoint 02-15: 100 + 40 + 80
            Assert.Contains(response.Warnings, w => w.StartsWith("The treated pre-trend is +36.4 %: HISTORICAL_CLV is cumulative", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_control_segment_and_the_difference_in_differences_without_an_interval()
    {
        var request = Loyalty();
        request.ControlSegment = "std";

        var response = await MeasureAsync(request);

        // Control: baseline S1 80 + S2 20 = 100 / 2; post S1 80 + S2 30 + 30 = 140 / 2; uplift 40 %. S1's 2022 purchase is history.
        AssertGroup(response.Control, 2, 50, 70);
        Assert.Equal(20.0 / 80 - 1, response.ControlPreTrend, Precision);
        // Treated 18.2 % − control 40 % = −21.8 %: with 3 and 2 customers there is no interval, so the message is left out.
        Assert.Null(response.DifferenceInDifferences);
        Assert.Contains("The difference in differences (-21.8 %) has no bootstrap interval: the treated group has fewer than 30 customers.", response.Warnings);
    }

    [Fact]
    public async Task Breakdown_by_segment_and_channel_with_a_customer_in_both_groups()
    {
        var request = Loyalty();
        request.ControlCustomerIds.Add(["S1", "S2", "V1"]);
        request.Breakdown = true;

        var response = await MeasureAsync(request);

        Assert.Contains("1 customer is in both the treated and the control group: removed from the control group, which keeps 2.", response.Warnings);
        AssertGroup(response.Control, 2, 50, 70);
        Assert.Equal(
            [("segment", "std"), ("segment", "vip"), ("channel", "ads"), ("channel", "web")],
            response.Breakdown.Select(b => (b.Dimension, b.Key)));
        var std = response.Breakdown[0];
        Assert.Null(std.Treated);
        AssertGroup(std.Control, 2, 50, 70);
        var vip = response.Breakdown[1];
        AssertGroup(vip.Treated, 3, 220.0 / 3, 260.0 / 3);
        Assert.Null(vip.Control);
        var ads = response.Breakdown[2];                                        // V3 30 → 0; S2 20 → 60
        AssertGroup(ads.Treated, 1, 30, 0);
        AssertGroup(ads.Control, 1, 20, 60);
        var web = response.Breakdown[3];                                        // V1 + V2 190 → 260; S1 80 → 80
        AssertGroup(web.Treated, 2, 190.0 / 2, 260.0 / 2);
        AssertGroup(web.Control, 1, 80, 80);
        Assert.Contains("4 breakdown cells have a side (treated or control) with fewer than 30 customers: no interval there.", response.Warnings);
    }

    [Fact]
    public async Task Large_groups_get_intervals_and_the_same_request_gets_the_same_answer()
    {
        var request = new MeasureUpliftRequest
        {
            ChangeId = "promo", Metric = UpliftMetric.PurchaseFrequency, WindowDays = 30, ControlSegment = "big-c", BootstrapSamples = 500, Seed = 11,
        };

        var response = await MeasureAsync(request);
        var again = await MeasureAsync(request);
        request.Seed = 12;
        var otherSeed = await MeasureAsync(request);

        // Treated: 14 customers × 1 + 13 × 2 + 13 × 3 = 79 purchases before, one more each after: 119.
        AssertGroup(response.Treated, 40, 79.0 / 40, 119.0 / 40);
        Assert.InRange(response.Treated.Uplift, response.Treated.CiLower, response.Treated.CiUpper);
        Assert.True(response.Treated.CiLower > 0.3, $"CI [{response.Treated.CiLower}, {response.Treated.CiUpper}]");
        // Control: the same purchases either side, in every resample too.
        Assert.Equal((0.0, 0.0, 0.0), (response.Control.Uplift, response.Control.CiLower, response.Control.CiUpper));
        // So each joint replicate's difference is the treated replicate's uplift: the same interval.
        Assert.Equal(response.Treated.Uplift, response.DifferenceInDifferences.Estimate, Precision);
        Assert.Equal((response.Treated.CiLower, response.Treated.CiUpper), (response.DifferenceInDifferences.CiLower, response.DifferenceInDifferences.CiUpper));
        Assert.Equal(response, again);
        Assert.Equal(response.Treated.Uplift, otherSeed.Treated.Uplift);
        Assert.NotEqual((response.Treated.CiLower, response.Treated.CiUpper), (otherSeed.Treated.CiLower, otherSeed.Treated.CiUpper));
    }

    [Fact]
    public async Task An_unknown_change_is_not_found()
    {
        var request = Loyalty();
        request.ChangeId = "no-such-change";

        var error = await FailsWith(StatusCode.NotFound, () => MeasureAsync(request));

        Assert.Equal("crm change 'no-such-change' was not found", error.Status.Detail);
    }

    [Fact]
    public async Task Bad_fields_are_each_named()
    {
        var request = new MeasureUpliftRequest
        {
            ChangeId = "loyalty", TreatedSegment = "vip", TreatedCustomerIds = { "V1" }, BootstrapSamples = 99, WindowDays = 3651,
        };

        var error = await FailsWith(StatusCode.InvalidArgument, () => MeasureAsync(request));

        Assert.Equal(["metric", "treated_customer_ids", "bootstrap_samples", "window_days"], FieldViolations(error).Select(v => v.Field));
        Assert.Equal(["change_id"], FieldViolations(await FailsWith(StatusCode.InvalidArgument, () => MeasureAsync(new MeasureUpliftRequest { Metric = UpliftMetric.PurchaseFrequency }))).Select(v => v.Field));
    }

    [Fact]
    public async Task Explicit_windows_must_come_in_pairs_and_keep_the_change_inside()
    {
        var half = new MeasureUpliftRequest { ChangeId = "loyalty", Metric = UpliftMetric.PurchaseFrequency, PostEnd = UpliftBook.At("2024-04-01") };
        var outside = new MeasureUpliftRequest
        {
            ChangeId = "loyalty", Metric = UpliftMetric.PurchaseFrequency, BaselineStart = UpliftBook.At("2024-03-02"), PostEnd = UpliftBook.At("2024-04-01"),
        };

        var halfError = await FailsWith(StatusCode.InvalidArgument, () => MeasureAsync(half));
        var outsideError = await FailsWith(StatusCode.InvalidArgument, () => MeasureAsync(outside));

        Assert.Equal(["baseline_start"], FieldViolations(halfError).Select(v => v.Field));
        var violation = Assert.Single(FieldViolations(outsideError));
        Assert.Equal(("baseline_start", "must be before the change's effective date 2024-03-01T00:00:00.000Z, was 2024-03-02T00:00:00.000Z"), (violation.Field, violation.Description));
    }

    [Fact]
    public async Task Explicit_windows_are_used_as_given()
    {
        var request = new MeasureUpliftRequest
        {
            ChangeId = "loyalty", Metric = UpliftMetric.PurchaseFrequency, BaselineStart = UpliftBook.At("2024-02-15"), PostEnd = UpliftBook.At("2024-03-15"),
        };

        var response = await MeasureAsync(request);

        // [02-15, 03-01): V1 02-20, V3 02-29 → 2 / 3; [03-01, 03-15): V1 03-05, V2 03-01 → 2 / 3.
        AssertGroup(response.Treated, 3, 2.0 / 3, 2.0 / 3);
        Assert.Equal(UpliftBook.At("2024-02-15"), response.BaselineStart);
        Assert.Contains(response.Warnings, w => w.StartsWith("The baseline window is 15 days and the post window 14 days", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_group_without_customers_or_without_data_is_a_failed_precondition()
    {
        var noControl = Loyalty();
        noControl.ControlSegment = "nobody";
        var noBaseline = new MeasureUpliftRequest { ChangeId = "loyalty", Metric = UpliftMetric.PurchaseFrequency, WindowDays = 10, TreatedCustomerIds = { "V2" } };

        var empty = await FailsWith(StatusCode.FailedPrecondition, () => MeasureAsync(noControl));
        var noData = await FailsWith(StatusCode.FailedPrecondition, () => MeasureAsync(noBaseline));

        Assert.Equal("the control group (segment 'nobody') has no customers", empty.Status.Detail);
        Assert.Equal(
            "the treated group (1 listed customer, 1 customer) has no transactions in the baseline window [2024-02-20T00:00:00.000Z, 2024-03-01T00:00:00.000Z)",
            noData.Status.Detail);
    }
}
