using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgBb;
using CrmGrpc.Modeling.Tests.TestSupport;

namespace CrmGrpc.Modeling.Tests.Models.BgBb;

public class BgBbModelTests
{
    [SharedDataFact(DonationsData.FileName)]
    public void Donations_fit_reproduces_Fader_Hardie_Shang_2010_parameters_to_3_decimals_and_log_likelihood_to_0_1()
    {
        var fit = BgBbModel.Fit(DonationsData.Histories);

        Assert.True(fit.Converged);
        Assert.Equal(11_104, fit.CustomerCount);
        Assert.Equal(1.204, fit.Parameters.Alpha, 0.0005);
        Assert.Equal(0.750, fit.Parameters.Beta, 0.0005);
        Assert.Equal(0.657, fit.Parameters.Gamma, 0.0005);
        Assert.Equal(2.783, fit.Parameters.Delta, 0.0005);
        Assert.Equal(-33225.6, fit.LogLikelihood, 0.05);
        Assert.NotNull(fit.StandardErrors);
        Assert.Empty(fit.Warnings);
    }
}

public class BgBbFitPropertyTests
{
    [SharedDataFact(DonationsData.FileName)]
    public void Expanded_into_one_customer_per_donor_the_fit_equals_the_weighted_fit_to_1e_6()
    {
        var weighted = DonationsData.Histories;
        var expanded = weighted.SelectMany(h => Enumerable.Repeat(h with { Weight = 1 }, h.Weight)).ToArray();
        Assert.Equal(11_104, expanded.Length);

        var fromWeights = BgBbModel.Fit(weighted);
        var fromDonors = BgBbModel.Fit(SummaryCollapser.Collapse([.. expanded.Select(h => new CustomerSummary(h.Frequency, h.Recency, h.Age))]));
        var fromUncollapsed = BgBbModel.Fit(expanded);

        foreach (var other in new[] { fromDonors, fromUncollapsed })
        {
            Assert.Equal(fromWeights.Parameters.Alpha, other.Parameters.Alpha, 1e-6);
            Assert.Equal(fromWeights.Parameters.Beta, other.Parameters.Beta, 1e-6);
            Assert.Equal(fromWeights.Parameters.Gamma, other.Parameters.Gamma, 1e-6);
            Assert.Equal(fromWeights.Parameters.Delta, other.Parameters.Delta, 1e-6);
            Assert.Equal(fromWeights.LogLikelihood, other.LogLikelihood, 1e-6);
            Assert.Equal(11_104, other.CustomerCount);
        }
    }

    [SharedDataFact(DonationsData.FileName)]
    public void Fit_log_likelihood_is_the_weighted_sum_of_per_history_log_likelihoods_to_1e_8()
    {
        var histories = DonationsData.Histories;
        var fit = BgBbModel.Fit(histories);
        double sum = histories.Sum(h => h.Weight * fit.Parameters.LogLikelihood(h.Frequency, (int)h.Recency, (int)h.Age));
        Assert.Equal(sum, fit.LogLikelihood, 1e-8);
    }

    [Fact]
    public void Analytic_gradient_matches_central_differences_of_the_likelihood_to_1e_7_relative()
    {
        var histories = SummaryCollapser.Collapse(BgBbSimulator.Simulate(new BgBbParameters(0.8, 2.5, 1.4, 4), 3000, 40, seed: 11));
        var likelihood = new BgBbLikelihood(histories, penalizer: 0, maxDegreeOfParallelism: 1);
        double[] point = [Math.Log(0.7), Math.Log(2.2), Math.Log(1.1), Math.Log(5)];
        var gradient = new double[4];
        likelihood.Evaluate(point, gradient);
        const double h = 1e-5;
        for (int i = 0; i < 4; i++)
        {
            var up = (double[])point.Clone();
            var down = (double[])point.Clone();
            up[i] += h;
            down[i] -= h;
            double numeric = -(likelihood.LogLikelihood(up) - likelihood.LogLikelihood(down)) / (2 * h) / likelihood.TotalWeight;
            Assert.True(Math.Abs(gradient[i] - numeric) <= 1e-7 * Math.Max(1e-3, Math.Abs(numeric)), $"∂f/∂θ{i}: analytic {gradient[i]:R}, numeric {numeric:R}");
        }
    }

    [Theory]
    [InlineData(1.2, 0.75, 0.66, 2.8, 1)]
    [InlineData(0.5, 3, 2, 6, 2)]
    [InlineData(4, 4, 0.3, 0.3, 3)]
    public void Parameters_are_recovered_from_a_simulated_book_within_4_standard_errors(double alpha, double beta, double gamma, double delta, int seed)
    {
        var truth = new BgBbParameters(alpha, beta, gamma, delta);
        var histories = SummaryCollapser.Collapse(BgBbSimulator.Simulate(truth, 40_000, 30, seed));

        var fit = BgBbModel.Fit(histories);

        Assert.True(fit.Converged);
        var se = fit.StandardErrors;
        Assert.NotNull(se);
        Assert.InRange(fit.Parameters.Alpha, alpha - 4 * se.Alpha, alpha + 4 * se.Alpha);
        Assert.InRange(fit.Parameters.Beta, beta - 4 * se.Beta, beta + 4 * se.Beta);
        Assert.InRange(fit.Parameters.Gamma, gamma - 4 * se.Gamma, gamma + 4 * se.Gamma);
        Assert.InRange(fit.Parameters.Delta, delta - 4 * se.Delta, delta + 4 * se.Delta);
        // And the errors are small enough for that to mean something.
        Assert.True(se.Alpha < 0.25 * alpha && se.Delta < 0.25 * delta, $"se α {se.Alpha}, se δ {se.Delta}");
    }

    [Fact]
    public void The_fit_does_not_depend_on_the_number_of_cores()
    {
        var histories = SummaryCollapser.Collapse(BgBbSimulator.Simulate(new BgBbParameters(1, 2, 0.7, 3), 30_000, 200, seed: 5));
        var one = BgBbModel.Fit(histories, new BgBbFitOptions { MaxDegreeOfParallelism = 1 });
        var all = BgBbModel.Fit(histories, new BgBbFitOptions { MaxDegreeOfParallelism = -1 });
        Assert.Equal(one.Parameters, all.Parameters);
        Assert.Equal(one.LogLikelihood, all.LogLikelihood);
    }

    [Fact]
    public void A_book_where_everyone_buys_every_period_ends_at_a_limit_with_a_warning_and_no_standard_errors()
    {
        WeightedSummary[] histories = [new(5, 5, 5, 400), new(3, 3, 3, 300), new(8, 8, 8, 100)];
        var fit = BgBbModel.Fit(histories);
        Assert.Null(fit.StandardErrors);
        Assert.NotEmpty(fit.Warnings);
        Assert.True(double.IsFinite(fit.LogLikelihood));
    }

    [Theory]
    [InlineData(1, 1.5, 3)]
    [InlineData(1, 1, 2.5)]
    [InlineData(3, 2, 3)]
    [InlineData(2, 0, 3)]
    [InlineData(1, 4, 3)]
    public void Histories_that_are_not_whole_valid_periods_are_rejected(int frequency, double recency, double periods)
    {
        Assert.ThrowsAny<ArgumentException>(() => BgBbModel.Fit([new WeightedSummary(frequency, recency, periods, 1), new WeightedSummary(0, 0, 3, 5)]));
    }
}
