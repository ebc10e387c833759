using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.ParetoNbd;
using CrmGrpc.Modeling.Tests.TestSupport;

namespace CrmGrpc.Modeling.Tests.Models.ParetoNbd;

public class ParetoNbdTests
{
    private static readonly ParetoNbdDefinition Definition = new();

    private static ModelFit Fit(IEnumerable<CustomerSummary> customers) =>
        Definition.Fit(new ModelData { Histories = SummaryCollapser.Collapse([.. customers]) }, ModelFitSettings.Default, CancellationToken.None);

    private static ParetoNbdParameters ParametersOf(ModelFit fit) =>
        new(fit.Parameters["r"], fit.Parameters["alpha"], fit.Parameters["s"], fit.Parameters["beta"]);

    [SharedDataFact(SharedData.BtydCdnowSummary)]
    public void Cdnow_fit_reproduces_Fader_Hardie_Lee_2005_parameters_to_3_decimals_and_log_likelihood_to_0_1()
    {
        // The paper's numbers come from the full-precision summary (BTYD's); lifetimes' file rounds t_x and T to 2 dp.
        var fit = Fit(CdnowData.BtydSummaries.Select(row => row.Summary));

        Assert.True(fit.Converged, string.Join("; ", fit.Warnings));
        Assert.Empty(fit.Warnings);
        Assert.Equal(0.553, fit.Parameters["r"], 0.0005);
        Assert.Equal(10.578, fit.Parameters["alpha"], 0.0005);
        Assert.Equal(0.606, fit.Parameters["s"], 0.0005);
        Assert.Equal(11.669, fit.Parameters["beta"], 0.0005);
        Assert.Equal(-9595.0, fit.LogLikelihood, 0.05);
        Assert.Equal(2357, fit.Observations);
        Assert.NotNull(fit.StandardErrors);
        Assert.All(fit.StandardErrors.Values, se => Assert.True(se > 0 && double.IsFinite(se)));
        Assert.Equal(8 - 2 * fit.LogLikelihood, fit.Aic, 1e-9);
    }

    [SharedDataFact(SharedData.CdnowSummary)]
    public void Cdnow_fit_on_lifetimes_rounded_summary_agrees_with_the_paper_to_2_decimals_and_its_log_likelihood_is_the_sum_of_per_customer_terms_to_1e_6()
    {
        var customers = CdnowData.Summaries;
        var fit = Fit(customers);

        Assert.Equal(0.553, fit.Parameters["r"], 0.005);
        Assert.Equal(10.578, fit.Parameters["alpha"], 0.005);
        Assert.Equal(0.606, fit.Parameters["s"], 0.005);
        Assert.Equal(11.669, fit.Parameters["beta"], 0.005);
        var parameters = ParametersOf(fit);
        Assert.Equal(customers.Sum(c => parameters.LogLikelihood(c.Frequency, c.Recency, c.Age)), fit.LogLikelihood, 1e-6);
    }

    [SharedDataFact(SharedData.CdnowSummary)]
    public void Fitting_in_days_instead_of_weeks_scales_alpha_and_beta_by_7_to_1e_5_relative()
    {
        var weeks = CdnowData.Summaries;
        var inWeeks = Fit(weeks);
        var inDays = Fit(weeks.Select(c => c with { Recency = c.Recency * 7, Age = c.Age * 7 }));

        Assert.Equal(inWeeks.Parameters["r"], inDays.Parameters["r"], 1e-5 * inWeeks.Parameters["r"]);
        Assert.Equal(7 * inWeeks.Parameters["alpha"], inDays.Parameters["alpha"], 7e-5 * inWeeks.Parameters["alpha"]);
        Assert.Equal(inWeeks.Parameters["s"], inDays.Parameters["s"], 1e-5 * inWeeks.Parameters["s"]);
        Assert.Equal(7 * inWeeks.Parameters["beta"], inDays.Parameters["beta"], 7e-5 * inWeeks.Parameters["beta"]);
        Assert.Equal(inWeeks.LogLikelihood - weeks.Sum(c => c.Frequency) * Math.Log(7), inDays.LogLikelihood, 1e-6);
    }

    [SharedDataFact(SharedData.CdnowSummary)]
    public void Cdnow_predictions_match_the_defining_integrals_to_1e_9_relative()
    {
        var p = new ParetoNbdParameters(0.553, 10.578, 0.606, 11.669);
        foreach (var c in CdnowData.Summaries.Take(40))
        {
            Assert.Equal(ParetoNbdReference.AliveProbability(p.R, p.Alpha, p.S, p.Beta, c.Frequency, c.Recency, c.Age),
                p.ProbabilityAlive(c.Frequency, c.Recency, c.Age), 1e-9);
            double expected = ParetoNbdReference.ConditionalExpected(p.R, p.Alpha, p.S, p.Beta, c.Frequency, c.Recency, c.Age, 39);
            Assert.Equal(expected, p.ConditionalExpectedPurchases(39, c.Frequency, c.Recency, c.Age), 1e-9 * expected);
        }
    }

    public static TheoryData<double, double, double, double, int, double, double> ExtremeCases() => new()
    {
        // r, α, s, β, x, t_x, T
        { 0.553, 10.578, 0.606, 11.669, 0, 0, 40 },        // x = 0
        { 0.553, 10.578, 0.606, 11.669, 5000, 30, 40 },    // x in the thousands
        { 0.553, 10.578, 0.606, 11.669, 12, 40, 40 },      // t_x = T
        { 0.553, 10.578, 0.606, 11.669, 12, 39.999, 40 },  // t_x just under T
        { 0.8, 5, 1.3, 5, 3, 10, 30 },                     // α = β (the closed form)
        { 0.8, 5, 1.3, 5 * (1 + 1e-12), 3, 10, 30 },       // α a hair below β
        { 0.8, 500, 1.3, 0.5, 2, 1, 30 },                  // α ≫ β: z near 1 (quadrature)
        { 0.8, 0.5, 1.3, 500, 2, 1, 30 },                  // β ≫ α
        { 1e-6, 1e-6, 1e-6, 1e-6, 1, 1, 2 },               // every parameter at 1e-6
        { 1e6, 1e6, 1e6, 1e6, 3, 5, 10 },                  // every parameter at 1e6
        { 1e-6, 1e6, 0.5, 1e-6, 0, 0, 10 },                // α = 1e6, β = 1e-6, t = 0: z = 1 − 1e-12
        { 2, 1e-6, 1e-6, 1e6, 7, 3, 10 },
        { 0.5, 3, 1, 4, 2, 3, 10 },                         // s = 1: the logarithmic limit of the expectation
    };

    [Theory]
    [MemberData(nameof(ExtremeCases))]
    public void Extreme_inputs_give_finite_predictions_that_match_the_defining_integrals_to_1e_8_relative(
        double r, double alpha, double s, double beta, int x, double recency, double age)
    {
        var p = new ParetoNbdParameters(r, alpha, s, beta);

        double alive = p.ProbabilityAlive(x, recency, age);
        double referenceAlive = ParetoNbdReference.AliveProbability(r, alpha, s, beta, x, recency, age);
        Assert.InRange(alive, 0, 1);
        Assert.Equal(referenceAlive, alive, 1e-8 * Math.Max(referenceAlive, 1e-300) + 1e-300);

        double logLikelihood = p.LogLikelihood(x, recency, age);
        Assert.True(double.IsFinite(logLikelihood));
        Assert.Equal(ParetoNbdReference.LogLikelihood(r, alpha, s, beta, x, recency, age), logLikelihood, 1e-8 * Math.Max(1, Math.Abs(logLikelihood)));

        foreach (double horizon in new[] { 1e-3, 39, 1e4 })
        {
            double expected = p.ConditionalExpectedPurchases(horizon, x, recency, age);
            double reference = ParetoNbdReference.ConditionalExpected(r, alpha, s, beta, x, recency, age, horizon);
            Assert.True(double.IsFinite(expected) && expected >= 0);
            Assert.Equal(reference, expected, 1e-8 * reference + 1e-300);
            double unconditional = p.ExpectedPurchases(horizon);
            double unconditionalReference = ParetoNbdReference.UnconditionalExpected(r, alpha, s, beta, horizon);
            Assert.Equal(unconditionalReference, unconditional, 1e-8 * unconditionalReference);
        }
    }

    [Fact]
    public void Probability_alive_is_one_at_t_x_equal_T_only_when_T_is_zero_and_falls_as_the_gap_grows()
    {
        var p = new ParetoNbdParameters(0.553, 10.578, 0.606, 11.669);
        Assert.Equal(1, p.ProbabilityAlive(0, 0, 0), 1e-12);
        double atEnd = p.ProbabilityAlive(5, 40, 40), earlier = p.ProbabilityAlive(5, 20, 40), earliest = p.ProbabilityAlive(5, 1, 40);
        Assert.True(atEnd > earlier && earlier > earliest, $"{atEnd} {earlier} {earliest}");
        Assert.Equal(0, p.ExpectedPurchases(0));
        Assert.Equal(0, p.ConditionalExpectedPurchases(0, 5, 20, 40));
    }

    [Theory]
    [InlineData(0.553, 0.1357, 0.606, 0.1496, 3, 0.4, 0.8)]   // α < β
    [InlineData(0.553, 0.1496, 0.606, 0.1357, 3, 0.4, 0.8)]   // α > β
    [InlineData(0.7, 0.2, 1.4, 0.2, 0, 0, 0.8)]               // α = β, x = 0
    [InlineData(0.7, 20, 1.4, 0.01, 2, 0.01, 1)]             // z > 0.99: the quadrature path
    [InlineData(0.7, 0.01, 1.4, 20, 40, 0.9, 1)]
    public void Likelihood_gradient_matches_central_differences_to_1e_6_relative(double r, double alpha, double s, double beta, int x, double recency, double age)
    {
        // A small book around the given history, so the scaled times are the given ones (max T = 1 when age = 1).
        WeightedSummary[] histories = [new(x, recency, age, 3), new(0, 0, 1, 2), new(1, 0.3, 0.5, 1), new(x + 1, recency / 2, age, 1)];
        var likelihood = new ParetoNbdLikelihood(histories, 0, 1);
        double[] point = [Math.Log(r), Math.Log(alpha), Math.Log(s), Math.Log(beta)];
        var gradient = new double[4];
        likelihood.Evaluate(point, gradient);
        for (int i = 0; i < 4; i++)
        {
            const double h = 1e-5;
            var up = (double[])point.Clone();
            var down = (double[])point.Clone();
            up[i] += h;
            down[i] -= h;
            var unused = new double[4];
            double numeric = (likelihood.Evaluate(up, unused) - likelihood.Evaluate(down, unused)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"component {i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Fit_recovers_the_parameters_of_a_simulated_book_within_4_standard_errors()
    {
        var book = ParetoNbdSimulator.Simulate(30_000, 0.6, 8, 0.9, 15, 52, seed: 2005);
        var fit = Fit(book);

        Assert.True(fit.Converged, string.Join("; ", fit.Warnings));
        Assert.NotNull(fit.StandardErrors);
        foreach (var (name, truth) in new[] { ("r", 0.6), ("alpha", 8.0), ("s", 0.9), ("beta", 15.0) })
        {
            Assert.True(Math.Abs(fit.Parameters[name] - truth) <= 4 * fit.StandardErrors[name],
                $"{name}: {fit.Parameters[name]} ± {fit.StandardErrors[name]} vs {truth}");
        }
    }

    [Fact]
    public void Fit_refuses_too_few_customers_and_books_without_repeat_purchases()
    {
        var few = Assert.Throws<ModelFitException>(() => Fit([new CustomerSummary(1, 1, 2), new CustomerSummary(0, 0, 3)]));
        Assert.Contains("at least 10", few.Message, StringComparison.Ordinal);
        var none = Assert.Throws<ModelFitException>(() => Fit(Enumerable.Range(1, 20).Select(i => new CustomerSummary(0, 0, i))));
        Assert.Contains("no customer has a repeat purchase", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predictor_answers_through_the_catalog_interface()
    {
        var predictor = Assert.IsType<ParetoNbdPredictor>(Definition.CreatePredictor(new ParameterSet(Definition.ParameterNames, [0.553, 10.578, 0.606, 11.669])));
        var history = new TimedHistory(2, 30, 40, 0);
        Assert.Equal(ModelKind.ParetoNbd, predictor.Kind);
        Assert.Equal(predictor.Parameters.ProbabilityAlive(2, 30, 40), predictor.ProbabilityAlive(history));
        Assert.Equal(predictor.Parameters.ConditionalExpectedPurchases(39, 2, 30, 40), predictor.ExpectedPurchases(history, 39));
        Assert.Equal(predictor.Parameters.ExpectedPurchases(39), predictor.ExpectedRepeatPurchases(39));
    }
}
