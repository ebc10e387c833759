using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Domain.Tests.Uplift;

/// <summary>The estimates on simulated books whose truth is known, and on a hand-worked one.</summary>
public sealed class UpliftEstimatesTests
{
    [Fact]
    public void A_plus_25_percent_purchase_rate_for_the_treated_only_is_found_and_covered()
    {
        var treated = SimulatedBook.Group("t", 4_000, effect: 0.25, seed: 1);
        var control = SimulatedBook.Group("c", 4_000, effect: 0, seed: 2);

        var report = UpliftAnalysis.Run(SimulatedBook.Input(treated, control));

        Assert.InRange(report.Treated.Uplift.Value!.Value, 0.20, 0.30);
        Assert.True(report.Treated.UpliftInterval!.Value.Contains(0.25), $"treated CI {report.Treated.UpliftInterval}");
        Assert.False(report.Treated.UpliftInterval.Value.Contains(0), "a 25 % effect on 4,000 customers is not noise");
        Assert.True(report.Control!.UpliftInterval!.Value.Contains(0), $"control CI {report.Control.UpliftInterval}");
        Assert.InRange(report.DifferenceInDifferences!.Estimate, 0.18, 0.32);
        Assert.True(report.DifferenceInDifferences.Interval!.Value.Contains(0.25), $"DiD CI {report.DifferenceInDifferences.Interval}");
        Assert.Equal((4_000L, 4_000L), (report.Treated.Customers, report.Control.Customers));
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void No_effect_gives_intervals_around_zero()
    {
        var treated = SimulatedBook.Group("t", 3_000, effect: 0, seed: 11);
        var control = SimulatedBook.Group("c", 3_000, effect: 0, seed: 12);

        var report = UpliftAnalysis.Run(SimulatedBook.Input(treated, control, UpliftMetric.RevenuePerCustomer));

        Assert.InRange(report.Treated.Uplift.Value!.Value, -0.06, 0.06);
        Assert.True(report.Treated.UpliftInterval!.Value.Contains(0));
        Assert.True(report.DifferenceInDifferences!.Interval!.Value.Contains(0));
        Assert.InRange(report.Treated.Baseline, 55, 80);   // 2 purchases × 34.995 on average, in dollars (not cents)
    }

    [Fact]
    public void The_repeat_purchase_rate_uplift_is_found_too()
    {
        // P(≥ 2 purchases) rises with the rate: the uplift is positive, smaller or larger than 25 % depending on the mix.
        var treated = SimulatedBook.Group("t", 4_000, effect: 0.25, seed: 21);
        var control = SimulatedBook.Group("c", 4_000, effect: 0, seed: 22);

        var report = UpliftAnalysis.Run(SimulatedBook.Input(treated, control, UpliftMetric.RepeatPurchaseRate));

        Assert.True(report.DifferenceInDifferences!.Interval!.Value.Lower > 0);
        Assert.InRange(report.Treated.Baseline, 0, 1);
    }

    [Fact]
    public void The_interval_width_agrees_with_the_delta_method()
    {
        // For R = ȳ / x̄, Var(R̂) ≈ Σ (yᵢ − R xᵢ)² / (n² x̄²); the percentile interval should be close to R ± 1.96 SE.
        var treated = SimulatedBook.Group("t", 5_000, effect: 0.25, seed: 31);
        var report = UpliftAnalysis.Run(SimulatedBook.Input(treated, samples: 4_000));
        var x = treated.Select(r => (double)r.Baseline.Purchases).ToArray();
        var y = treated.Select(r => (double)r.Post.Purchases).ToArray();
        double n = x.Length, xBar = x.Average(), ratio = y.Sum() / x.Sum();
        var se = Math.Sqrt(x.Zip(y, (xi, yi) => Math.Pow(yi - (ratio * xi), 2)).Sum() / (n * n * xBar * xBar));

        var interval = report.Treated.UpliftInterval!.Value;
        var halfWidth = (interval.Upper - interval.Lower) / 2;
        Assert.InRange(halfWidth / (1.959964 * se), 0.9, 1.1);
    }

    [Fact]
    public void Hand_worked_book_of_three_customers()
    {
        // Revenue in a USD book: a 100.00 → 150.00, b 50.00 → 0 (a 20.00 refund after 20.00 bought), c 0 → 30.00.
        // baseline = 150 / 3 = 50; post = 180 / 3 = 60; uplift = 60 / 50 − 1 = 0.2. Halves: a 40 | 60, b 50 | 0, c 0 | 0:
        // pre-trend = 60 / 90 − 1 = −1/3. Three customers: no intervals.
        WindowSums W(long rows, long purchases, long net) => new(rows, purchases, net);
        List<CustomerWindowSums> rows =
        [
            new("a", "smb", "web", SimulatedBook.AcquiredAt, default, W(1, 1, 40_00), W(1, 1, 60_00), W(2, 2, 150_00)),
            new("b", "smb", "web", SimulatedBook.AcquiredAt, default, W(1, 1, 50_00), default, W(2, 1, 0)),
            new("c", "smb", "web", SimulatedBook.AcquiredAt, default, default, default, W(1, 1, 30_00)),
        ];

        var report = UpliftAnalysis.Run(SimulatedBook.Input(rows, metric: UpliftMetric.RevenuePerCustomer));

        var t = report.Treated;
        Assert.Equal((3L, 50.0, 60.0), (t.Customers, t.Baseline, t.Post));
        Assert.Equal(0.2, t.Uplift.Value!.Value, 12);
        Assert.Equal(-1.0 / 3, t.PreTrend.Value!.Value, 12);
        Assert.Null(t.UpliftInterval);
        Assert.Null(report.Control);
        Assert.Null(report.DifferenceInDifferences);
    }

    [Fact]
    public void Same_request_same_answer_and_the_seed_matters()
    {
        var treated = SimulatedBook.Group("t", 500, effect: 0.25, seed: 41);
        var control = SimulatedBook.Group("c", 500, effect: 0, seed: 42);

        var first = UpliftAnalysis.Run(SimulatedBook.Input(treated, control, seed: 5, breakdown: true));
        var second = UpliftAnalysis.Run(SimulatedBook.Input(treated, control, seed: 5, breakdown: true));
        var reordered = UpliftAnalysis.Run(SimulatedBook.Input(treated.AsEnumerable().Reverse().ToList(), control, seed: 5, breakdown: true));
        var otherSeed = UpliftAnalysis.Run(SimulatedBook.Input(treated, control, seed: 6, breakdown: true));

        Assert.Equal(first.Treated, second.Treated);
        Assert.Equal(first.DifferenceInDifferences, second.DifferenceInDifferences);
        Assert.Equal(first.Breakdown, second.Breakdown);
        Assert.Equal(first.Treated, reordered.Treated);   // the store's row order does not matter: customers are sorted by id
        Assert.Equal(first.Treated.Uplift, otherSeed.Treated.Uplift);
        Assert.NotEqual(first.Treated.UpliftInterval, otherSeed.Treated.UpliftInterval);
    }

    [Fact]
    public void Breakdown_by_segment_and_channel_of_both_groups()
    {
        var treated = SimulatedBook.Group("t-smb", 600, effect: 0.25, seed: 51)
            .Concat(SimulatedBook.Group("t-ent", 20, effect: 0.25, seed: 52, segment: "ent", channel: "ads")).ToList();
        var control = SimulatedBook.Group("c-smb", 600, effect: 0, seed: 53);

        var report = UpliftAnalysis.Run(SimulatedBook.Input(treated, control, breakdown: true));

        Assert.Equal(
            [("segment", "ent"), ("segment", "smb"), ("channel", "ads"), ("channel", "web")],
            report.Breakdown.Select(c => (c.Dimension, c.Key)));
        var smb = report.Breakdown.Single(c => c is { Dimension: "segment", Key: "smb" });
        Assert.Equal((600L, 600L), (smb.Treated!.Customers, smb.Control!.Customers));
        Assert.Same(report.Control, smb.Control);                         // the whole control group: its own estimate
        Assert.NotNull(smb.Treated.UpliftInterval);
        var ent = report.Breakdown.Single(c => c is { Dimension: "segment", Key: "ent" });
        Assert.Equal(20L, ent.Treated!.Customers);
        Assert.Null(ent.Treated.UpliftInterval);                          // 20 < 30
        Assert.Null(ent.Control);                                         // no control customers there
        Assert.Contains(report.Warnings, w => w.StartsWith("2 breakdown cells have a side (treated or control) with fewer than 30 customers", StringComparison.Ordinal));
    }
}
