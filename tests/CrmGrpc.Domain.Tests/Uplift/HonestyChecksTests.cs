using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Domain.Tests.Uplift;

/// <summary>Each honesty check, triggered by a crafted input; and the FAILED_PRECONDITION cases.</summary>
public sealed class HonestyChecksTests
{
    private static readonly UpliftWindows Windows = SimulatedBook.Windows;

    private static List<CustomerWindowSums> Clean(int n = 200, ulong seed = 1, double effect = 0.25, string prefix = "t") =>
        SimulatedBook.Group(prefix, n, effect, seed);

    private static UpliftReport Run(UpliftInput input) => UpliftAnalysis.Run(input);

    private static string Single(UpliftReport report, string start) =>
        Assert.Single(report.Warnings, w => w.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void A_clean_book_has_no_warnings()
    {
        Assert.Empty(Run(SimulatedBook.Input(Clean(), Clean(prefix: "c", seed: 2, effect: 0))).Warnings);
    }

    [Fact]
    public void Customers_in_both_groups_are_removed_from_the_control()
    {
        var treated = Clean();
        var control = Clean(prefix: "c", seed: 2, effect: 0).Concat(treated.Take(7)).ToList();

        var report = Run(SimulatedBook.Input(treated, control));

        Assert.Equal(200, report.Control!.Customers);
        Assert.Equal(
            "7 customers are in both the treated and the control group: removed from the control group, which keeps 200.",
            Single(report, "7 customers are in both"));
    }

    [Fact]
    public void A_control_made_only_of_treated_customers_is_a_failed_precondition()
    {
        var treated = Clean();

        var error = Assert.Throws<FailedPreconditionException>(() => Run(SimulatedBook.Input(treated, treated.Take(5).ToList())));

        Assert.Contains("no customers left once the 5 also in the treated group are removed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_under_30_customers_has_no_interval_and_neither_has_the_difference_in_differences()
    {
        var report = Run(SimulatedBook.Input(Clean(), Clean(n: 29, prefix: "c", seed: 2, effect: 0)));

        Assert.NotNull(report.Treated.UpliftInterval);
        Assert.Null(report.Control!.UpliftInterval);
        Assert.Null(report.DifferenceInDifferences!.Interval);
        Single(report, "The control group has 29 customers, fewer than 30: its uplift has no bootstrap interval.");
        Single(report, "The difference in differences (");
    }

    [Fact]
    public void A_zero_baseline_gives_no_ratio()
    {
        // Repeat purchase: nobody bought twice before the change; three did after.
        var rows = Enumerable.Range(0, 40).Select(i => new CustomerWindowSums(
            $"z{i:D2}", "smb", "web", SimulatedBook.AcquiredAt, default,
            new WindowSums(1, 1, 10_00), default, new WindowSums(i < 3 ? 2 : 1, i < 3 ? 2 : 1, 20_00))).ToList();

        var report = Run(SimulatedBook.Input(rows, metric: UpliftMetric.RepeatPurchaseRate));

        Assert.False(report.Treated.Uplift.HasValue);
        Assert.Null(report.Treated.UpliftInterval);
        Assert.Equal((0.0, 3.0 / 40), (report.Treated.Baseline, report.Treated.Post));
        Single(report, "No treated uplift: the baseline is zero: no ratio.");
    }

    [Fact]
    public void A_negative_baseline_gives_no_ratio_either()
    {
        var rows = Clean(40).Select(r => r with { Early = new WindowSums(1, 0, -500_00) }).ToList();

        var report = Run(SimulatedBook.Input(rows, metric: UpliftMetric.RevenuePerCustomer));

        Assert.False(report.Treated.Uplift.HasValue);
        Assert.Contains("negative (refunds exceed purchases)", report.Treated.Uplift.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_post_window_ending_after_now_is_flagged()
    {
        var input = SimulatedBook.Input(Clean()) with { Now = Windows.PostEnd.AddDays(-10) };

        var report = Run(input);

        Single(report, "The post window ends at 2024-09-29T00:00:00.000Z, after now (2024-09-19T00:00:00.000Z)");
    }

    [Fact]
    public void A_post_window_running_past_the_data_is_flagged_but_a_quiet_last_day_is_not()
    {
        var input = SimulatedBook.Input(Clean());
        var pastData = input with { Observations = input.Observations with { LastTransaction = Windows.PostEnd.AddDays(-20) } };
        var quietDay = input with { Observations = input.Observations with { LastTransaction = Windows.PostEnd.AddHours(-23) } };

        Assert.Equal(
            "The post window runs past the data: the last stored transaction is at 2024-09-09T00:00:00.000Z, 20 days before the window's end 2024-09-29T00:00:00.000Z.",
            Single(Run(pastData), "The post window runs past the data"));
        Assert.Empty(Run(quietDay).Warnings);
    }

    [Fact]
    public void A_baseline_starting_before_the_data_is_flagged()
    {
        var input = SimulatedBook.Input(Clean());
        input = input with { Observations = input.Observations with { FirstTransaction = Windows.BaselineStart.AddDays(30) } };

        Single(Run(input), "The baseline window starts before the data: the first stored transaction is at 2024-05-02T00:00:00.000Z, 30 days after");
    }

    [Fact]
    public void Another_change_inside_a_window_is_flagged()
    {
        var input = SimulatedBook.Input(Clean());
        input = input with
        {
            Observations = input.Observations with
            {
                OtherChanges = [new("promo", Windows.EffectiveAt.AddDays(10)), new("old", Windows.BaselineStart.AddDays(-1)), new("price", Windows.BaselineStart)],
            },
        };

        var report = Run(input);

        Assert.Equal(
            [
                "Change 'price' took effect at 2024-04-02T00:00:00.000Z, inside the baseline window: its effect is mixed into this measurement.",
                "Change 'promo' took effect at 2024-07-11T00:00:00.000Z, inside the post window: its effect is mixed into this measurement.",
            ],
            report.Warnings);
    }

    [Fact]
    public void Explicit_windows_of_unequal_length_are_flagged_except_for_cumulative_clv()
    {
        var windows = UpliftWindows.Create(SimulatedBook.EffectiveAt, 0, SimulatedBook.EffectiveAt.AddDays(-60), SimulatedBook.EffectiveAt.AddDays(30));
        var input = SimulatedBook.Input(Clean()) with { Windows = windows };

        Single(Run(input), "The baseline window is 60 days and the post window 30 days");
        Assert.DoesNotContain(Run(input with { Metric = UpliftMetric.HistoricalClv }).Warnings, w => w.StartsWith("The baseline window is", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pre_trend_beyond_10_percent_is_flagged_and_reported()
    {
        var treated = SimulatedBook.Group("t", 3_000, effect: 0.25, seed: 61, trend: 0.30);

        var report = Run(SimulatedBook.Input(treated));

        Assert.InRange(report.Treated.PreTrend.Value!.Value, 0.22, 0.38);
        Assert.True(report.Treated.PreTrendInterval!.Value.Contains(0.30));
        var warning = Single(report, "The treated group has a pre-trend: the second half of the baseline window is +");
        Assert.Contains("beyond ±10.0 %", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_pre_trend_whose_interval_excludes_zero_is_flagged_too()
    {
        var treated = SimulatedBook.Group("t", 40_000, effect: 0, seed: 62, trend: 0.06, meanPurchases: 4);

        var report = Run(SimulatedBook.Input(treated, samples: 200));

        Assert.InRange(report.Treated.PreTrend.Value!.Value, 0.03, 0.09);
        Assert.Contains("and its interval excludes 0", Single(report, "The treated group has a pre-trend"), StringComparison.Ordinal);
    }

    [Fact]
    public void Treated_and_control_pre_trends_that_differ_break_the_parallel_trends_assumption()
    {
        var treated = SimulatedBook.Group("t", 3_000, effect: 0.25, seed: 63, trend: 0.30);
        var control = SimulatedBook.Group("c", 3_000, effect: 0, seed: 64);

        var report = Run(SimulatedBook.Input(treated, control));

        Single(report, "The treated and control pre-trends differ (");
    }

    [Fact]
    public void The_clv_pre_trend_is_reported_but_not_held_against_zero()
    {
        var report = Run(SimulatedBook.Input(Clean(), metric: UpliftMetric.HistoricalClv));

        Assert.True(report.Treated.PreTrend.Value > 0);
        Single(report, "The treated pre-trend is +");
        Assert.DoesNotContain(report.Warnings, w => w.Contains("has a pre-trend", StringComparison.Ordinal));
    }

    [Fact]
    public void Customers_acquired_after_the_change_are_left_out_and_late_joiners_are_flagged()
    {
        var rows = Clean();
        rows[0] = rows[0] with { AcquiredAt = Windows.EffectiveAt };                  // on the change: no baseline
        rows[1] = rows[1] with { AcquiredAt = Windows.EffectiveAt.AddDays(5) };
        rows[2] = rows[2] with { AcquiredAt = Windows.Midpoint };                      // inside the baseline window

        var report = Run(SimulatedBook.Input(rows));

        Assert.Equal(198, report.Treated.Customers);
        Single(report, "2 customers of the treated group were acquired on or after the change's effective date: left out, having no baseline.");
        Single(report, "1 customer of the treated group was acquired inside the baseline window");
    }

    [Fact]
    public void Listed_ids_that_are_not_stored_are_named()
    {
        var rows = Clean(40);
        var ids = rows.Select(r => r.CustomerId).Concat(["ghost-1", "ghost-2"]).ToList();
        var input = SimulatedBook.Input(rows) with { TreatedSelection = GroupSelection.OfCustomers(ids) };

        Assert.Equal(
            "2 of the 42 treated_customer_ids are not stored customers and are ignored: 'ghost-1', 'ghost-2'.",
            Single(Run(input), "2 of the 42"));
    }

    /// <summary>40 customers, the first <paramref name="buyers"/> of whom bought once before the change; everyone buys once after.</summary>
    private static List<CustomerWindowSums> FewBaselineBuyers(int buyers) =>
        Enumerable.Range(0, 40).Select(i => new CustomerWindowSums(
            $"f{i:D2}", i < 20 ? "smb" : "ent", "web", SimulatedBook.AcquiredAt, default,
            i < buyers ? new WindowSums(1, 1, 10_00) : default, i < buyers ? new WindowSums(1, 1, 10_00) : default,
            new WindowSums(1, 1, 10_00))).ToList();

    [Fact]
    public void Resamples_with_a_zero_baseline_are_counted_and_an_unbounded_interval_is_not_given()
    {
        // With 3 of 40 customers carrying the baseline, (37/40)^40 ≈ 4.4 % of resamples miss all three: more than the
        // 2.5 % tail, so the upper bound is infinite. With 6 of 40, ≈ 0.2 %: the interval stands, the count is reported.
        var unbounded = Run(SimulatedBook.Input(FewBaselineBuyers(3)));
        var counted = Run(SimulatedBook.Input(FewBaselineBuyers(6)));

        Assert.Null(unbounded.Treated.UpliftInterval);
        Assert.Matches(@"^No interval for the treated uplift: \d+ of 1000 resamples had a zero denominator, so the interval has no bound\.$",
            Single(unbounded, "No interval for the treated uplift"));
        Assert.NotNull(counted.Treated.UpliftInterval);
        Assert.Matches(@"^For the treated uplift, \d+ of 1000 resamples had a zero or negative denominator \(\d+ counted as infinite in the tails, 0 undefined and left out\)\.$",
            Single(counted, "For the treated uplift"));
    }

    [Fact]
    public void Zero_baselines_in_breakdown_cells_and_a_missing_control_uplift_are_reported()
    {
        // Only the "smb" half (customers 0–19) bought before the change in the treated group; the control never did.
        var treated = FewBaselineBuyers(20);
        var control = Enumerable.Range(0, 40).Select(i => new CustomerWindowSums(
            $"k{i:D2}", "smb", "web", SimulatedBook.AcquiredAt, default, default, new WindowSums(1, 0, -1_00), new WindowSums(1, 1, 10_00))).ToList();

        var report = Run(SimulatedBook.Input(treated, control, metric: UpliftMetric.PurchaseFrequency, breakdown: true));

        Assert.False(report.Control!.Uplift.HasValue);
        Assert.Null(report.DifferenceInDifferences);
        Single(report, "No difference in differences: the control uplift is absent.");
        Assert.Equal(
            "No uplift in 3 breakdown cells with a zero or negative baseline: segment 'ent' (treated), segment 'smb' (control), channel 'web' (control).",
            Single(report, "No uplift in 3 breakdown cells"));
    }

    [Fact]
    public void A_group_without_customers_is_a_failed_precondition()
    {
        var input = SimulatedBook.Input([]);

        var error = Assert.Throws<FailedPreconditionException>(() => Run(input));

        Assert.Equal("the treated group (segment 'smb') has no customers", error.Message);
    }

    [Fact]
    public void A_group_with_no_transactions_in_a_window_is_a_failed_precondition()
    {
        var noBaseline = Clean(40).Select(r => r with { Early = default, Late = default }).ToList();
        var noPost = Clean(40, prefix: "c").Select(r => r with { Post = default }).ToList();
        var onlyHistory = Clean(40).Select(r => r with { Early = default, Late = default, Prior = new WindowSums(1, 1, 10_00) }).ToList();

        var baseline = Assert.Throws<FailedPreconditionException>(() => Run(SimulatedBook.Input(noBaseline)));
        var post = Assert.Throws<FailedPreconditionException>(() => Run(SimulatedBook.Input(Clean(), noPost)));

        Assert.Equal(
            "the treated group (segment 'smb', 40 customers) has no transactions in the baseline window [2024-04-02T00:00:00.000Z, 2024-07-01T00:00:00.000Z)",
            baseline.Message);
        Assert.StartsWith("the control group (segment 'other', 40 customers) has no transactions in the post window", post.Message, StringComparison.Ordinal);
        // HISTORICAL_CLV reads the whole history: a customer with only older purchases has a baseline.
        Assert.True(Run(SimulatedBook.Input(onlyHistory, metric: UpliftMetric.HistoricalClv)).Treated.Baseline > 0);
    }
}
