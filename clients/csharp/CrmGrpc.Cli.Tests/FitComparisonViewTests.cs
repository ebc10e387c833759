using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Cli.Tests;

/// <summary>The comparison table and tracking series of a fit, from responses built here (any kinds, any length).</summary>
public class FitComparisonViewTests
{
    private static readonly DateTimeOffset Start = new(1997, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CalibrationEnd = new(1997, 9, 30, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A purchase model validated on <paramref name="weeks"/> weekly tracking points from 1997-01-01 (exclusive ends 01-08, 01-15, …).</summary>
    private static ModelFit Fit(ModelKind kind, int weeks, double slope, params (string Name, double Value, double? Se)[] parameters)
    {
        var fit = new ModelFit { Kind = kind, LogLikelihood = -9595.0, Aic = 19198.0, Bic = 19221.07, Converged = true, Iterations = 31, FitSeconds = 0.4567, Observations = 2357 };
        foreach (var (name, value, se) in parameters)
        {
            fit.Parameters[name] = value;
            if (se is { } error)
            {
                fit.StandardErrors[name] = error;
            }
        }

        fit.Holdout = new HoldoutValidation
        {
            HoldoutEnd = Timestamp.FromDateTimeOffset(Start.AddDays((7 * weeks) - 1)),
            ActualRepeatPurchases = 1882,
            PredictedRepeatPurchases = 1765.43,
            MeanAbsoluteError = 0.6021,
            RootMeanSquaredError = 1.2345,
            Customers = 2357,
        };
        for (var week = 1; week <= weeks; week++)
        {
            fit.Holdout.Tracking.Add(new TrackingPoint { End = Timestamp.FromDateTimeOffset(Start.AddDays(7 * week)), ActualCumulative = 10 * week, PredictedCumulative = slope * week });
        }

        return fit;
    }

    private static Model TwoModels(int weeks) => new()
    {
        Id = "mdl_1",
        CalibrationEnd = Timestamp.FromDateTimeOffset(CalibrationEnd),
        HoldoutEnd = Timestamp.FromDateTimeOffset(Start.AddDays((7 * weeks) - 1)),
        TimeUnit = TimeUnit.Weeks,
        Fits =
        {
            Fit(ModelKind.ParetoNbd, weeks, 9.5, ("r", 0.553, 0.0476), ("alpha", 10.578, 0.8437), ("s", 0.606, 0.1876), ("beta", 11.669, 6.0805)),
            Fit(ModelKind.BgNbd, weeks, 11, ("r", 0.2426, 0.0126), ("alpha", 4.4135, null), ("a", 0.7929, 0.1854), ("b", 2.4259, 0.7048)),
        },
    };

    [Fact]
    public void Each_fit_is_one_row_with_its_parameters_statistics_and_holdout_error()
    {
        var (header, rows) = FitComparisonView.Comparison(TwoModels(20).Fits);

        Assert.Equal(["model", "parameters", "ll", "aic", "bic", "converged", "iterations", "fit_seconds", "holdout_actual", "holdout_predicted", "mae", "rmse"], header);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["pareto-nbd", "r=0.553 ± 0.0476\nalpha=10.578 ± 0.844\ns=0.606 ± 0.188\nbeta=11.669 ± 6.08", "-9595", "19198", "19221.07", "yes", "31", "0.457", "1882", "1765.43", "0.6021", "1.23"], rows[0]);
        // A parameter without a standard error shows its estimate alone.
        Assert.Equal("r=0.2426 ± 0.0126\nalpha=4.4135\na=0.7929 ± 0.185\nb=2.4259 ± 0.705", rows[1][1]);
    }

    [Fact]
    public void Without_a_holdout_there_are_no_holdout_columns_and_created_models_show_no_statistics()
    {
        var created = new ModelFit { Kind = ModelKind.Sbg, Converged = true, Created = true, Parameters = { ["alpha"] = 0.704, ["beta"] = 1.182 } };

        var (header, rows) = FitComparisonView.Comparison([created]);

        Assert.Equal(["model", "parameters", "ll", "aic", "bic", "converged", "iterations", "fit_seconds"], header);
        Assert.Equal(["sbg", "alpha=0.704\nbeta=1.182", "—", "—", "—", "given", "—", "—"], Assert.Single(rows));
        Assert.Null(FitComparisonView.TrackingSeries([created], null, "weeks"));
    }

    [Fact]
    public void A_short_series_shows_every_unit_with_one_prediction_column_per_model()
    {
        // The calibration ends on the last day of week 13 (1997-04-01).
        var tracking = FitComparisonView.TrackingSeries(TwoModels(20).Fits, Timestamp.FromDateTimeOffset(Start.AddDays((7 * 13) - 1)), "weeks")!;

        Assert.Equal(["end", "period", "actual", "pareto-nbd", "bg-nbd"], tracking.Header);
        Assert.Equal(20, tracking.Rows.Count);
        Assert.Null(tracking.Note);
        Assert.Equal(["1997-01-08", "calibration", "10", "9.5", "11"], tracking.Rows[0]);
        // The unit ending (exclusively) the day after the calibration end is the last calibration one.
        Assert.Equal(["1997-04-02", "calibration", "130", "123.5", "143"], tracking.Rows[12]);
        Assert.Equal(["1997-04-09", "holdout", "140", "133", "154"], tracking.Rows[13]);
    }

    [Fact]
    public void A_long_series_shows_every_kth_unit_the_last_calibration_one_and_the_last_with_a_note()
    {
        var model = TwoModels(78);

        var tracking = FitComparisonView.TrackingSeries(model.Fits, model.CalibrationEnd, "weeks")!;

        Assert.Equal(78, tracking.TotalRows);
        Assert.InRange(tracking.Rows.Count, 20, FitComparisonView.MaxTrackingRows);
        Assert.Equal("1997-01-08", tracking.Rows[0][0]);
        Assert.Equal(["1998-07-01", "holdout", "780", "741", "858"], tracking.Rows[^1]);
        // 1997-09-30 is a Tuesday: the week ending (exclusively) on Wednesday 10-01 is the calibration's last.
        Assert.Contains(tracking.Rows, r => r[0] == "1997-10-01" && r[1] == "calibration");
        Assert.Equal(tracking.Rows.Select(r => r[0]).Order(StringComparer.Ordinal), tracking.Rows.Select(r => r[0]));
        Assert.Equal($"showing {tracking.Rows.Count} of 78 rows: one week in 3, the last calibration week and the last week; --json has them all", tracking.Note);
    }

    [Theory]
    [InlineData(10, 40, -1, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData(10, 5, -1, new[] { 0, 4, 8, 9 })]
    [InlineData(10, 5, 6, new[] { 0, 4, 6, 8, 9 })]
    [InlineData(9, 5, 8, new[] { 0, 3, 6, 8 })]
    public void Subsets_take_every_kth_row_and_the_rows_that_must_show(int count, int maxRows, int mustShow, int[] expected) =>
        Assert.Equal(expected, FitComparisonView.Subset(count, maxRows, mustShow));

    [Fact]
    public void Subsets_never_exceed_the_limit()
    {
        for (var count = 0; count < 2000; count += 7)
        {
            Assert.InRange(FitComparisonView.Subset(count, FitComparisonView.MaxTrackingRows, count / 2).Count, Math.Min(count, 1), FitComparisonView.MaxTrackingRows);
        }
    }

    [Fact]
    public void A_model_prints_its_summary_the_comparison_the_tracking_and_the_warnings()
    {
        var model = TwoModels(78);
        model.Warnings.Add("Pareto/NBD: s is at its limit");
        var console = new TestConsole();

        ModelViews.PrintModel(console.Console, model);

        var lines = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("holdout_end", StringComparison.Ordinal) && l.EndsWith("1998-06-30T00:00:00Z", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Models", StringComparison.Ordinal) && l.Contains("holdout: repeat purchases to 1998-06-30", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("pareto-nbd ", StringComparison.Ordinal) && l.Contains("r=0.553 ± 0.0476", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("bg-nbd ", StringComparison.Ordinal) && l.Contains("r=0.2426 ± 0.0126", StringComparison.Ordinal));
        Assert.Contains("alpha=10.578 ± 0.844", lines);
        Assert.Contains(lines, l => l.StartsWith("Tracking", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("showing ", StringComparison.Ordinal));
        Assert.Equal("warning: Pareto/NBD: s is at its limit", lines[^1]);
        // The legacy BG/NBD and Gamma-Gamma sections are for fits from before fits[].
        Assert.DoesNotContain(lines, l => l.StartsWith("Gamma-Gamma: not fitted", StringComparison.Ordinal));
    }

    [Fact]
    public void The_list_names_each_models_kinds()
    {
        var console = new TestConsole();
        var legacy = new Model { Id = "mdl_old", BgNbd = new BgNbdFit { R = 0.24, Converged = true }, GammaGamma = new GammaGammaFit { P = 6, Converged = true } };

        ModelViews.PrintModels(console.Console, [TwoModels(10), legacy]);

        var lines = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("mdl_1 ", StringComparison.Ordinal) && l.Contains(" pareto-nbd,bg-nbd ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("mdl_old ", StringComparison.Ordinal) && l.Contains(" bg-nbd,gamma-gamma ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_contractual_fit_prints_its_retention_projection_period_by_period()
    {
        var sbg = new ModelFit { Kind = ModelKind.Sbg, Converged = true, Parameters = { ["alpha"] = 0.704, ["beta"] = 1.182 } };
        sbg.Retention.Add(new RetentionPoint { Period = 1, Survival = 0.6267, RetentionRate = 0.6267, ExpectedRemainingLifetime = 3.5 });
        sbg.Retention.Add(new RetentionPoint { Period = 2, Survival = 0.4599, RetentionRate = 0.7338, ExpectedRemainingLifetime = 4.25 });
        var console = new TestConsole();

        FitComparisonView.Print(console.Console, new Model { TimeUnit = TimeUnit.Years, Fits = { sbg } });

        Assert.Contains("Retention", console.Output, StringComparison.Ordinal);
        Assert.Contains("0.7338", console.Output, StringComparison.Ordinal);
        Assert.Contains("4.25", console.Output, StringComparison.Ordinal);
    }
}
