using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgCnbdK;

namespace CrmGrpc.Modeling.Tests.Models.BgCnbdK;

public class BgCnbdKFitTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Parameters_and_k_are_recovered_from_a_simulated_book_within_15_percent(int k)
    {
        // BTYDplus' own recovery test: r 0.85, α 1.45, a 0.79, b 2.42, ages 36…96 in steps of 12.
        var truth = new BgCnbdKParameters(k, 0.85, 1.45 * k, 0.79, 2.42);
        var random = new Random(3);
        double[] ages = [.. Enumerable.Range(0, 6000).Select(_ => Math.Round((36 + 60 * random.NextDouble()) / 12) * 12)];
        var histories = BgCnbdKSimulator.Simulate(truth, ages, seed: 17);

        var fit = BgCnbdKModel.Fit(histories);

        Assert.True(fit.Converged);
        Assert.Equal(k, fit.Parameters.K);
        Assert.Equal(truth.R, fit.Parameters.R, 0.15 * truth.R);
        Assert.Equal(truth.Alpha, fit.Parameters.Alpha, 0.15 * truth.Alpha);
        Assert.Equal(truth.A, fit.Parameters.A, 0.15 * truth.A);
        Assert.Equal(truth.B, fit.Parameters.B, 0.15 * truth.B);
        Assert.NotNull(fit.StandardErrors);
    }

    [Fact]
    public void The_fit_log_likelihood_is_the_sum_of_per_customer_log_likelihoods_and_a_fixed_k_fit_agrees_to_1e_6()
    {
        var histories = BgCnbdKSimulator.Simulate(new BgCnbdKParameters(2, 0.6, 1.5, 0.8, 3), BgCnbdKDefinitionTests.Ages(2000, 20, 60, 4), seed: 8, daysPerUnit: 7);

        var searched = BgCnbdKModel.Fit(histories);
        var fixedK = BgCnbdKModel.Fit(histories, new BgCnbdKFitOptions { FixedK = searched.Parameters.K });

        double sum = histories.Sum(h => searched.Parameters.LogLikelihood(h));
        Assert.Equal(sum, searched.LogLikelihood, 1e-6);
        Assert.Equal(searched.LogLikelihood, fixedK.LogLikelihood, 1e-6);
        Assert.Equal(searched.Parameters.R, fixedK.Parameters.R, 1e-6);
        Assert.Equal(searched.Parameters.Alpha, fixedK.Parameters.Alpha, 1e-6);
        // The search stops after two falls in a row.
        int best = searched.Parameters.K;
        Assert.Contains(best + 2, searched.LogLikelihoodByK.Keys);
        Assert.DoesNotContain(best + 3, searched.LogLikelihoodByK.Keys);
    }

    [Fact]
    public void A_book_too_large_to_search_whole_chooses_k_on_a_sample_and_confirms_it_on_the_whole_book()
    {
        // 50,000 customers at full precision: as many distinct histories, more than twice the sample size.
        var truth = new BgCnbdKParameters(3, 0.85, 4.35, 0.79, 2.42);
        var histories = BgCnbdKSimulator.Simulate(truth, BgCnbdKDefinitionTests.Ages(50_000, 36, 96, 6), seed: 23);

        // Always compared on the whole book here; by default the sample rules out neighbours it can (the test below).
        var fit = BgCnbdKModel.Fit(histories, new BgCnbdKFitOptions { DecisiveStandardErrors = double.PositiveInfinity });

        Assert.True(fit.DistinctHistories > 2 * BgCnbdKModel.SampleHistories);
        Assert.Equal(3, fit.Parameters.K);
        Assert.True(fit.Converged);
        Assert.Contains(2, fit.LogLikelihoodByK.Keys);
        Assert.Contains(4, fit.LogLikelihoodByK.Keys);
        Assert.True(fit.LogLikelihoodByK[3] > fit.LogLikelihoodByK[2] && fit.LogLikelihoodByK[3] > fit.LogLikelihoodByK[4]);
        Assert.Equal(truth.R, fit.Parameters.R, 0.05 * truth.R);
        Assert.Equal(truth.Alpha, fit.Parameters.Alpha, 0.05 * truth.Alpha);
        var exact = BgCnbdKModel.Fit(histories, new BgCnbdKFitOptions { FixedK = 3, ComputeStandardErrors = false });
        Assert.Equal(exact.LogLikelihood, fit.LogLikelihood, 1e-6);
    }

    [Fact]
    public void Neighbours_the_sample_rules_out_beyond_doubt_are_not_fitted_again_and_are_worse_on_the_whole_book()
    {
        var truth = new BgCnbdKParameters(3, 0.85, 4.35, 0.79, 2.42);
        var histories = BgCnbdKSimulator.Simulate(truth, BgCnbdKDefinitionTests.Ages(50_000, 36, 96, 6), seed: 23);

        var fit = BgCnbdKModel.Fit(histories);

        Assert.Equal(3, fit.Parameters.K);
        Assert.Equal([3], fit.LogLikelihoodByK.Keys);
        var whole = new[] { 2, 3, 4 }.ToDictionary(k => k, k => BgCnbdKModel.Fit(histories, new BgCnbdKFitOptions { FixedK = k, ComputeStandardErrors = false }).LogLikelihood);
        Assert.Equal(whole[3], fit.LogLikelihood, 1e-6);
        Assert.True(whole[3] > whole[2] && whole[3] > whole[4]);
    }

    [Fact]
    public void Very_regular_buyers_end_the_search_at_k_12_with_a_warning()
    {
        var truth = new BgCnbdKParameters(12, 20, 60, 0.5, 6);
        var histories = BgCnbdKSimulator.Simulate(truth, BgCnbdKDefinitionTests.Ages(1500, 30, 60, 9), seed: 31);

        var fit = BgCnbdKModel.Fit(histories);

        Assert.Equal(12, fit.Parameters.K);
        Assert.Contains(fit.Warnings, warning => warning.Contains("end of the search range", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_histories_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BgCnbdKModel.Fit([new TimedHistory(1, 5, 4, 0)]));
        Assert.Throws<ArgumentException>(() => BgCnbdKModel.Fit([new TimedHistory(0, 1, 4, 0)]));
        Assert.Throws<ArgumentException>(() => BgCnbdKModel.Fit([new TimedHistory(1, 1, 4, double.NaN)]));
        Assert.Throws<ArgumentException>(() => BgCnbdKModel.Fit([]));
    }
}

public class TimedHistoryBuilderTests
{
    [Fact]
    public void Builds_x_recency_age_and_log_inter_purchase_sum_in_weeks_from_purchases_up_to_the_inclusive_end()
    {
        int[] days = [100, 107, 121, 150, 200];

        var history = TimedHistoryBuilder.Build(days, 150, TimeUnit.Weeks);

        Assert.NotNull(history);
        Assert.Equal(3, history.Value.Frequency);
        Assert.Equal(50 / 7.0, history.Value.Recency, 1e-12);
        Assert.Equal(50 / 7.0, history.Value.Age, 1e-12);
        Assert.Equal(Math.Log(1) + Math.Log(2) + Math.Log(29 / 7.0), history.Value.LogInterPurchaseSum, 1e-12);
    }

    [Fact]
    public void Days_unit_single_purchase_and_purchases_after_the_end()
    {
        var days = TimedHistoryBuilder.Build([10, 13], 20, TimeUnit.Days);
        Assert.Equal(new TimedHistory(1, 3, 10, Math.Log(3)), days);
        Assert.Equal(new TimedHistory(0, 0, 10, 0), TimedHistoryBuilder.Build([10, 30], 20, TimeUnit.Days));
        Assert.Null(TimedHistoryBuilder.Build([30], 20, TimeUnit.Days));
        Assert.Null(TimedHistoryBuilder.Build([], 20, TimeUnit.Days));
    }

    [Fact]
    public void Unsorted_or_repeated_days_and_calendar_units_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => TimedHistoryBuilder.Build([5, 5], 20, TimeUnit.Days));
        Assert.Throws<ArgumentException>(() => TimedHistoryBuilder.Build([6, 5], 20, TimeUnit.Days));
        Assert.Throws<ArgumentException>(() => TimedHistoryBuilder.Build([5], 20, TimeUnit.Months));
    }
}
