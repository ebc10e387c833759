using CrmGrpc.Modeling.Tests.TestSupport;

namespace CrmGrpc.Modeling.Tests;

public class GammaGammaModelTests
{
    private static SpendHistory[] CdnowRepeatBuyers()
        => [.. CdnowData.BtydSummaries.Where(row => row.Summary.Frequency > 0)
            .Select(row => new SpendHistory(row.Summary.Frequency, row.Summary.MonetaryValue))];

    [SharedDataFact(SharedData.BtydCdnowSummary)]
    public void Cdnow_946_repeat_buyers_reproduce_note_025_parameters_to_2_decimals()
    {
        var fit = GammaGammaModel.Fit(CdnowRepeatBuyers());

        Assert.True(fit.Converged);
        Assert.Equal(946, fit.CustomerCount);
        Assert.Equal(6.25, fit.Parameters.P, 0.005);
        Assert.Equal(3.74, fit.Parameters.Q, 0.005);
        Assert.Equal(15.44, fit.Parameters.Gamma, 0.005);
        Assert.NotNull(fit.StandardErrors);
        Assert.Empty(fit.Warnings);
        Assert.NotNull(fit.FrequencySpendCorrelation);
        Assert.InRange(fit.FrequencySpendCorrelation.Value, -0.3, 0.3); // Fader & Hardie report ≈ 0.11 for CDNOW
    }

    [SharedDataFact(SharedData.BtydCdnowSummary)]
    public void Summary_overload_skips_non_repeat_customers_and_matches_the_explicit_fit_exactly()
    {
        var fromSummaries = GammaGammaModel.Fit([.. CdnowData.BtydSummaries.Select(row => row.Summary)]);
        var explicitFit = GammaGammaModel.Fit(CdnowRepeatBuyers());
        Assert.Equal(explicitFit.Parameters, fromSummaries.Parameters);
        Assert.Equal(explicitFit.LogLikelihood, fromSummaries.LogLikelihood);
    }

    [SharedDataFact(SharedData.BtydCdnowSummary)]
    public void Fit_log_likelihood_is_the_sum_of_per_customer_log_likelihoods_to_1e_8()
    {
        var buyers = CdnowRepeatBuyers();
        var fit = GammaGammaModel.Fit(buyers);
        Assert.Equal(buyers.Sum(b => fit.Parameters.LogLikelihood(b.Frequency, b.AverageSpend)), fit.LogLikelihood, 1e-8);
    }

    [SharedDataFact(SharedData.BtydCdnowSummary)]
    public void Weights_are_equivalent_to_repeated_customers_to_1e_9_relative()
    {
        var buyers = CdnowRepeatBuyers();
        var doubled = buyers.Concat(buyers).ToArray();
        var weighted = buyers.Select(b => b with { Weight = 2 }).ToArray();

        var a = GammaGammaModel.Fit(doubled).Parameters;
        var b = GammaGammaModel.Fit(weighted).Parameters;
        Assert.Equal(a.P, b.P, 1e-9 * a.P);
        Assert.Equal(a.Q, b.Q, 1e-9 * a.Q);
        Assert.Equal(a.Gamma, b.Gamma, 1e-9 * a.Gamma);
    }

    [SharedDataFact(SharedData.BtydCdnowSummary)]
    public void Penalizer_shrinks_every_parameter()
    {
        var buyers = CdnowRepeatBuyers();
        var plain = GammaGammaModel.Fit(buyers).Parameters;
        var penalized = GammaGammaModel.Fit(buyers, new GammaGammaFitOptions { PenalizerCoefficient = 0.01 }).Parameters;
        Assert.True(penalized.P < plain.P, $"p: {penalized.P} vs {plain.P}");
        Assert.True(penalized.Q < plain.Q, $"q: {penalized.Q} vs {plain.Q}");
        Assert.True(penalized.Gamma < plain.Gamma, $"γ: {penalized.Gamma} vs {plain.Gamma}");
    }

    [Fact]
    public void Parameter_recovery_on_20000_simulated_repeat_buyers_is_within_4_standard_errors_and_15_percent()
    {
        var truth = new GammaGammaParameters(6.25, 3.74, 15.44);
        var book = BookSimulator.SimulateSummaries(new BookSimulationSettings(new BgNbdParameters(0.8, 4, 0.5, 4), 20_000, 52)
        {
            Spend = truth,
            Seed = 25,
        });

        var fit = GammaGammaModel.Fit(book);
        var se = fit.StandardErrors;

        Assert.True(fit.Converged);
        Assert.NotNull(se);
        Assert.True(fit.CustomerCount > 5_000);
        BgNbdModelTests.AssertRecovered(truth.P, fit.Parameters.P, se.P, 0.15);
        BgNbdModelTests.AssertRecovered(truth.Q, fit.Parameters.Q, se.Q, 0.15);
        BgNbdModelTests.AssertRecovered(truth.Gamma, fit.Parameters.Gamma, se.Gamma, 0.15);
        Assert.Empty(fit.Warnings); // simulated spend is independent of frequency
    }

    [Fact]
    public void Spend_that_rises_with_frequency_triggers_the_independence_warning()
    {
        var histories = Enumerable.Range(1, 200).Select(i => new SpendHistory(1 + i % 10, 10 + 5 * (i % 10) + i % 3)).ToArray();

        var fit = GammaGammaModel.Fit(histories);

        Assert.NotNull(fit.FrequencySpendCorrelation);
        Assert.True(fit.FrequencySpendCorrelation > 0.9);
        Assert.Contains(fit.Warnings, w => w.Contains("independent", StringComparison.Ordinal));
    }

    [Fact]
    public void Non_positive_spend_of_repeat_customers_is_excluded_with_a_warning()
    {
        CustomerSummary[] customers = [new(2, 3, 5, 20), new(1, 1, 5, 15), new(3, 4, 5, 25), new(2, 2, 5, 0), new(1, 1, 5, -3), new(0, 0, 5)];
        var fit = GammaGammaModel.Fit(customers);
        Assert.Equal(3, fit.CustomerCount);
        Assert.Contains(fit.Warnings, w => w.StartsWith("2 repeat customer(s)", StringComparison.Ordinal));

        // The same fit from the usable spend histories and the count of the others.
        var fromSpend = GammaGammaModel.Fit([new SpendHistory(2, 20), new SpendHistory(1, 15), new SpendHistory(3, 25)], excludedNonPositive: 2);
        Assert.Equal(fit.Parameters, fromSpend.Parameters);
        Assert.Equal(fit.Warnings, fromSpend.Warnings);
        Assert.Throws<ArgumentOutOfRangeException>(() => GammaGammaModel.Fit([new SpendHistory(2, 20)], excludedNonPositive: -1));
    }

    [Fact]
    public void Invalid_inputs_throw_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit(ReadOnlySpan<SpendHistory>.Empty));
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([new SpendHistory(0, 10)]));
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([new SpendHistory(1, -5)]));
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([new SpendHistory(1, 5, 0)]));
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([new CustomerSummary(0, 0, 5)])); // no repeat buyers
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([new CustomerSummary(1, 1, 5, double.NaN)]));
        Assert.Throws<ArgumentException>(() => GammaGammaModel.Fit([new SpendHistory(1, 5)], new GammaGammaFitOptions { PenalizerCoefficient = double.NaN }));
    }
}
