using CrmGrpc.Modeling.Tests.TestSupport;

namespace CrmGrpc.Modeling.Tests;

public class BgNbdModelTests
{
    [SharedDataFact(SharedData.CdnowSummary)]
    public void Cdnow_fit_reproduces_Fader_Hardie_Lee_2005_parameters_to_3_decimals_and_log_likelihood_to_0_1()
    {
        var fit = BgNbdModel.Fit(CdnowData.Summaries);

        Assert.True(fit.Converged);
        Assert.Equal("BFGS", fit.Method);
        Assert.Equal(0.243, fit.Parameters.R, 0.0005);
        Assert.Equal(4.414, fit.Parameters.Alpha, 0.0005);
        Assert.Equal(0.793, fit.Parameters.A, 0.0005);
        Assert.Equal(2.426, fit.Parameters.B, 0.0005);
        Assert.Equal(-9582.4, fit.LogLikelihood, 0.05);
        Assert.Equal(2357, fit.CustomerCount);
    }

    [SharedDataFact(SharedData.CdnowSummary)]
    public void Cdnow_fit_matches_lifetimes_summary_table_estimates_and_standard_errors_to_5e_6()
    {
        // lifetimes BetaGeoFitter().fit(...).summary on the same file, printed to 6 decimals; lifetimes' BFGS stops at
        // tol 1e-7, ours at a 1e-9 gradient, so the last printed digit may differ by one.
        var fit = BgNbdModel.Fit(CdnowData.Summaries);
        var se = fit.StandardErrors;

        Assert.NotNull(se);
        Assert.Equal(0.242593, fit.Parameters.R, 0.000005);
        Assert.Equal(4.413532, fit.Parameters.Alpha, 0.000005);
        Assert.Equal(0.792886, fit.Parameters.A, 0.000005);
        Assert.Equal(2.425752, fit.Parameters.B, 0.000005);
        Assert.Equal(0.012557, se.R, 0.000005);
        Assert.Equal(0.378221, se.Alpha, 0.000005);
        Assert.Equal(0.185719, se.A, 0.000005);
        Assert.Equal(0.705345, se.B, 0.000005);
    }

    [SharedDataFact(SharedData.BtydCdnowSummary)]
    public void Cdnow_holdout_prediction_reproduces_the_published_1653_repeat_purchases_within_5()
    {
        var rows = CdnowData.BtydSummaries;
        var fit = BgNbdModel.Fit([.. rows.Select(row => row.Summary)]);

        double predicted = rows.Sum(row => fit.Parameters.ConditionalExpectedPurchases(39, row.Summary.Frequency, row.Summary.Recency, row.Summary.Age));

        Assert.Equal(1653, predicted, 5.0);
        Assert.Equal(1882, rows.Sum(row => row.HoldoutPurchases)); // observed, for the record: the model under-predicts
    }

    [SharedDataFact(SharedData.CdnowSummary)]
    public void Fit_log_likelihood_is_the_sum_of_per_customer_log_likelihoods_to_1e_6()
    {
        var customers = CdnowData.Summaries;
        var fit = BgNbdModel.Fit(customers);
        double sum = customers.Sum(c => fit.Parameters.LogLikelihood(c.Frequency, c.Recency, c.Age));
        Assert.Equal(sum, fit.LogLikelihood, 1e-6);
    }

    [SharedDataFact(SharedData.CdnowSummary)]
    public void Fitting_in_days_instead_of_weeks_scales_alpha_by_7_and_leaves_the_rest_unchanged_to_1e_6_relative()
    {
        var weeks = CdnowData.Summaries;
        var days = weeks.Select(c => c with { Recency = c.Recency * 7, Age = c.Age * 7 }).ToArray();

        var inWeeks = BgNbdModel.Fit(weeks);
        var inDays = BgNbdModel.Fit(days);

        Assert.Equal(inWeeks.Parameters.R, inDays.Parameters.R, 1e-6 * inWeeks.Parameters.R);
        Assert.Equal(7 * inWeeks.Parameters.Alpha, inDays.Parameters.Alpha, 1e-6 * 7 * inWeeks.Parameters.Alpha);
        Assert.Equal(inWeeks.Parameters.A, inDays.Parameters.A, 1e-6 * inWeeks.Parameters.A);
        Assert.Equal(inWeeks.Parameters.B, inDays.Parameters.B, 1e-6 * inWeeks.Parameters.B);
        // Densities in days are densities in weeks / 7 per repeat purchase.
        double repeatPurchases = weeks.Sum(c => c.Frequency);
        Assert.Equal(inWeeks.LogLikelihood - repeatPurchases * Math.Log(7), inDays.LogLikelihood, 1e-6);
    }

    [SharedDataFact(SharedData.CdnowSummary)]
    public void Penalizer_shrinks_every_parameter_and_more_penalty_shrinks_more()
    {
        // lifetimes' test_penalizer_term_will_shrink_coefs_to_0, with α compared in the scaled unit the penalty sees.
        var customers = CdnowData.Summaries;
        var plain = BgNbdModel.Fit(customers).Parameters;
        var light = BgNbdModel.Fit(customers, new BgNbdFitOptions { PenalizerCoefficient = 0.1 });
        var heavy = BgNbdModel.Fit(customers, new BgNbdFitOptions { PenalizerCoefficient = 10 });

        Assert.True(light.Converged && heavy.Converged);
        AssertAllSmaller(light.Parameters, plain);
        AssertAllSmaller(heavy.Parameters, light.Parameters);
        Assert.True(light.LogLikelihood < BgNbdModel.Fit(customers).LogLikelihood, "the reported log-likelihood excludes the penalty");
    }

    private static void AssertAllSmaller(BgNbdParameters smaller, BgNbdParameters larger)
    {
        Assert.True(smaller.R < larger.R, $"r: {smaller.R} vs {larger.R}");
        Assert.True(smaller.Alpha < larger.Alpha, $"alpha: {smaller.Alpha} vs {larger.Alpha}");
        Assert.True(smaller.A < larger.A, $"a: {smaller.A} vs {larger.A}");
        Assert.True(smaller.B < larger.B, $"b: {smaller.B} vs {larger.B}");
    }

    [Fact]
    public void Parameter_recovery_on_20000_simulated_customers_is_within_4_standard_errors_and_10_percent()
    {
        var truth = new BgNbdParameters(0.243, 4.414, 0.793, 2.426);
        var book = BookSimulator.SimulateSummaries(new BookSimulationSettings(truth, 20_000, 78) { AcquisitionWindow = 12, Seed = 20_050_101 });

        var fit = BgNbdModel.Fit(book);
        var se = fit.StandardErrors;

        Assert.True(fit.Converged);
        Assert.NotNull(se);
        AssertRecovered(truth.R, fit.Parameters.R, se.R, 0.10);
        AssertRecovered(truth.Alpha, fit.Parameters.Alpha, se.Alpha, 0.10);
        AssertRecovered(truth.A, fit.Parameters.A, se.A, 0.10);
        AssertRecovered(truth.B, fit.Parameters.B, se.B, 0.10);
    }

    [Fact]
    public void Parameter_recovery_on_a_daily_book_with_same_day_merging_is_within_10_percent()
    {
        // Whole-day slots merge same-day purchases, as real data do; with weekly-scale rates the bias is small.
        var truth = new BgNbdParameters(0.5, 20, 0.6, 3.0);
        var book = BookSimulator.SimulateSummaries(new BookSimulationSettings(truth, 20_000, 365)
        {
            AcquisitionWindow = 180,
            TimeResolution = 1,
            Seed = 7,
        });

        var fit = BgNbdModel.Fit(book);

        Assert.True(fit.Converged);
        Assert.Equal(truth.R, fit.Parameters.R, 0.10 * truth.R);
        Assert.Equal(truth.Alpha, fit.Parameters.Alpha, 0.10 * truth.Alpha);
        Assert.Equal(truth.A, fit.Parameters.A, 0.10 * truth.A);
        Assert.Equal(truth.B, fit.Parameters.B, 0.10 * truth.B);
    }

    [Fact]
    public void A_book_of_many_distinct_histories_starts_from_a_sample_fit_and_reaches_the_same_optimum()
    {
        // Continuous times: every customer's history is distinct, more than twice BgNbdModel.SampleHistories.
        var book = BookSimulator.SimulateSummaries(new BookSimulationSettings(new BgNbdParameters(0.4, 6, 0.9, 3.5), 60_000, 52)
        {
            AcquisitionWindow = 40,
            Seed = 11,
        });
        var collapsed = SummaryCollapser.Collapse(book);
        Assert.True(collapsed.Length > 2 * BgNbdModel.SampleHistories);
        var maxAge = collapsed.Max(h => h.Age);

        var sampled = BgNbdModel.Fit(collapsed);
        // The start every fit had before: e^0.1 for r, a, b and for α in units of the longest age.
        var cold = BgNbdModel.Fit(collapsed, new BgNbdFitOptions
        {
            InitialParameters = new BgNbdParameters(Math.Exp(0.1), Math.Exp(0.1) * maxAge, Math.Exp(0.1), Math.Exp(0.1)),
        });

        Assert.True(sampled.Converged && cold.Converged);
        Assert.True(sampled.Iterations < cold.Iterations, $"{sampled.Iterations} iterations from the sample's fit, {cold.Iterations} from the default start");
        Assert.Equal(cold.Parameters.R, sampled.Parameters.R, 1e-6 * cold.Parameters.R);
        Assert.Equal(cold.Parameters.Alpha, sampled.Parameters.Alpha, 1e-6 * cold.Parameters.Alpha);
        Assert.Equal(cold.Parameters.A, sampled.Parameters.A, 1e-6 * cold.Parameters.A);
        Assert.Equal(cold.Parameters.B, sampled.Parameters.B, 1e-6 * cold.Parameters.B);
        Assert.Equal(cold.LogLikelihood, sampled.LogLikelihood, 1e-9 * Math.Abs(cold.LogLikelihood));
    }

    internal static void AssertRecovered(double truth, double estimate, double standardError, double relativeTolerance)
    {
        Assert.True(Math.Abs(estimate - truth) <= 4 * standardError,
            $"estimate {estimate} is {Math.Abs(estimate - truth) / standardError:F1} standard errors ({standardError}) from {truth}");
        Assert.True(Math.Abs(estimate - truth) <= relativeTolerance * truth, $"estimate {estimate} is more than {relativeTolerance:P0} from {truth}");
    }

    [Fact]
    public void Collapsed_and_individual_inputs_give_identical_fits_and_results_do_not_depend_on_core_count()
    {
        var book = BookSimulator.SimulateSummaries(new BookSimulationSettings(new BgNbdParameters(0.3, 5, 0.8, 2.5), 50_000, 52)
        {
            AcquisitionWindow = 26,
            TimeResolution = 1.0 / 7,
            Seed = 3,
        });
        var collapsed = SummaryCollapser.Collapse(book);

        var individual = BgNbdModel.Fit(book);
        var fromCollapsed = BgNbdModel.Fit(collapsed);
        var singleCore = BgNbdModel.Fit(collapsed, new BgNbdFitOptions { MaxDegreeOfParallelism = 1 });

        Assert.True(collapsed.Length < book.Length);
        Assert.Equal(individual, fromCollapsed with { DistinctHistories = individual.DistinctHistories });
        Assert.Equal(fromCollapsed.Parameters, singleCore.Parameters); // bit-for-bit: fixed chunks, summed in order
        Assert.Equal(fromCollapsed.LogLikelihood, singleCore.LogLikelihood);
    }

    [Fact]
    public void Extreme_books_fit_without_throwing_and_give_finite_results_with_zero_log_likelihood_to_1e_12_when_all_are_new()
    {
        // Nobody repeats: a and b are not identified (flat likelihood in them).
        var noRepeats = BgNbdModel.Fit([new CustomerSummary(0, 0, 10), new CustomerSummary(0, 0, 20), new CustomerSummary(0, 0, 0)]);
        AssertFinite(noRepeats);

        // Everyone acquired today: T = 0 for all, likelihood identically 1.
        var allNew = BgNbdModel.Fit([new CustomerSummary(0, 0, 0), new CustomerSummary(0, 0, 0)]);
        AssertFinite(allNew);
        Assert.Equal(0, allNew.LogLikelihood, 1e-12);

        // Heavy buyers with hundreds of purchases in a short time next to ordinary ones.
        var heavy = BgNbdModel.Fit([
            new CustomerSummary(500, 5, 6), new CustomerSummary(300, 5.5, 6), new CustomerSummary(0, 0, 6),
            new CustomerSummary(2, 3, 6), new CustomerSummary(1, 1, 6), new CustomerSummary(0, 0, 4),
        ]);
        AssertFinite(heavy);

        // Nobody ever drops out (a → 0 in the truth): the fit may run to the boundary but must stay finite.
        var loyal = BookSimulator.SimulateSummaries(new BookSimulationSettings(new BgNbdParameters(1.5, 10, 1e-6, 5), 3_000, 52) { Seed = 11 });
        AssertFinite(BgNbdModel.Fit(loyal));
    }

    private static void AssertFinite(BgNbdFitResult fit)
    {
        Assert.True(double.IsFinite(fit.LogLikelihood));
        var p = fit.Parameters;
        Assert.True(double.IsFinite(p.R) && double.IsFinite(p.Alpha) && double.IsFinite(p.A) && double.IsFinite(p.B));
        Assert.True(double.IsFinite(p.ConditionalExpectedPurchases(52, 0, 0, 10)));
        if (fit.StandardErrors is { } se) Assert.True(double.IsFinite(se.R) && double.IsFinite(se.B));
    }

    [Fact]
    public void Invalid_inputs_and_options_throw_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => BgNbdModel.Fit(ReadOnlySpan<CustomerSummary>.Empty));
        Assert.Throws<ArgumentException>(() => BgNbdModel.Fit([new CustomerSummary(1, 5, 4)]));
        Assert.Throws<ArgumentException>(() => BgNbdModel.Fit([new CustomerSummary(-1, 0, 4)]));
        Assert.Throws<ArgumentException>(() => BgNbdModel.Fit([new WeightedSummary(1, 1, 4, 0)]));
        Assert.Throws<ArgumentException>(() => BgNbdModel.Fit([new CustomerSummary(1, 1, 4)], new BgNbdFitOptions { PenalizerCoefficient = -1 }));
        Assert.Throws<ArgumentException>(() => BgNbdModel.Fit([new CustomerSummary(1, 1, 4)], new BgNbdFitOptions { MaxIterations = 0 }));
    }
}
