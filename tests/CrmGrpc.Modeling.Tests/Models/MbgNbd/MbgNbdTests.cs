using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.MbgNbd;
using CrmGrpc.Modeling.Tests.TestSupport;
using static CrmGrpc.Modeling.Tests.TestSupport.DecimalReference;

namespace CrmGrpc.Modeling.Tests.Models.MbgNbd;

public class MbgNbdTests
{
    private static readonly MbgNbdDefinition Definition = new();

    private static ModelFit Fit(IEnumerable<CustomerSummary> customers) =>
        Definition.Fit(new ModelData { Histories = SummaryCollapser.Collapse([.. customers]) }, ModelFitSettings.Default, CancellationToken.None);

    [SharedDataFact(SharedData.CdnowSummary)]
    public void Cdnow_fit_reproduces_lifetimes_ModifiedBetaGeoFitter_parameters_to_3_decimals()
    {
        var customers = CdnowData.Summaries;
        var fit = Fit(customers);

        Assert.True(fit.Converged, string.Join("; ", fit.Warnings));
        Assert.Empty(fit.Warnings);
        Assert.Equal(0.525, fit.Parameters["r"], 0.0005);
        Assert.Equal(6.183, fit.Parameters["alpha"], 0.0005);
        Assert.Equal(0.891, fit.Parameters["a"], 0.0005);
        Assert.Equal(1.614, fit.Parameters["b"], 0.0005);
        Assert.NotNull(fit.StandardErrors);
        Assert.Equal(2357, fit.Observations);
        var p = new MbgNbdParameters(fit.Parameters["r"], fit.Parameters["alpha"], fit.Parameters["a"], fit.Parameters["b"]);
        Assert.Equal(customers.Sum(c => p.LogLikelihood(c.Frequency, c.Recency, c.Age)), fit.LogLikelihood, 1e-6);
    }

    /// <summary>lifetimes' ModifiedBetaGeoFitter formulas, with ₂F₁ summed in decimal (z ≤ 0.5 here).</summary>
    private static decimal Hypergeometric(decimal a, decimal b, decimal c, decimal z)
    {
        decimal term = 1, sum = 1;
        for (int k = 0; k < 10_000 && Math.Abs(term) > 1e-24m; k++)
        {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
        }
        return sum;
    }

    private static double LifetimesConditional(double r, double alpha, double a, double b, int x, double recency, double age, double t)
    {
        decimal hyp = Hypergeometric(D(r) + x, D(b) + x + 1, D(a) + D(b) + x, D(t) / (D(alpha) + D(age) + D(t)));
        double power = Math.Pow((double)((D(alpha) + D(age)) / (D(alpha) + D(t) + D(age))), r + x);
        decimal first = (D(a) + D(b) + x) / (D(a) - 1);
        decimal second = 1 - hyp * D(power);
        double odds = (double)(D(a) / (D(b) + x)) * Math.Pow((double)((D(alpha) + D(age)) / (D(alpha) + D(recency))), r + x);
        return (double)(first * second) / (1 + odds);
    }

    private static double LifetimesUnconditional(double r, double alpha, double a, double b, double t)
    {
        decimal hyp = Hypergeometric(D(r), D(b) + 1, D(a) + D(b), D(t) / (D(alpha) + D(t)));
        double power = Math.Pow((double)(D(alpha) / (D(alpha) + D(t))), r);
        return (double)(D(b) / (D(a) - 1) * (1 - hyp * D(power)));
    }

    [Theory]
    [InlineData(0.525, 6.183, 0.891, 1.614, 0, 0, 38.86, 10)]
    [InlineData(0.525, 6.183, 0.891, 1.614, 2, 30.43, 38.86, 39)]
    [InlineData(0.525, 6.183, 0.891, 1.614, 12, 38.86, 38.86, 20)]
    [InlineData(2.5, 20, 3.7, 0.4, 5, 10, 50, 60)]
    [InlineData(1e-6, 1e-6, 1e-6, 1e-6, 2, 1, 3, 1e-3)] // every parameter at 1e-6
    public void Predictions_match_lifetimes_formulas_in_decimal_to_1e_10_relative(double r, double alpha, double a, double b, int x, double recency, double age, double t)
    {
        var p = new MbgNbdParameters(r, alpha, a, b);
        double conditional = LifetimesConditional(r, alpha, a, b, x, recency, age, t);
        Assert.Equal(conditional, p.ConditionalExpectedPurchases(t, x, recency, age), 1e-10 * conditional);
        if (t / (alpha + t) <= 0.5) // the decimal series of the unconditional ₂F₁ converges quickly only there
        {
            double unconditional = LifetimesUnconditional(r, alpha, a, b, t);
            Assert.Equal(unconditional, p.ExpectedPurchases(t), 1e-10 * unconditional);
        }
        double odds = a / (b + x) * Math.Pow((alpha + age) / (alpha + recency), r + x);
        Assert.Equal(1 / (1 + odds), p.ProbabilityAlive(x, recency, age), 1e-12);
    }

    [Theory]
    [InlineData(0.525, 6.183, 0.891, 1.614, 5000, 30, 40)]   // x in the thousands
    [InlineData(0.525, 6.183, 1.0, 1.614, 3, 40, 40)]        // a = 1 (lifetimes' form divides by a − 1), t_x = T
    [InlineData(0.8, 5, 2, 2, 0, 0, 30)]                      // a = b, x = 0
    [InlineData(1e6, 1e6, 1e6, 1e6, 2, 1, 3)]
    [InlineData(1e6, 1e6, 1e-6, 1e6, 1, 0.5, 3)]
    public void Extreme_inputs_give_finite_predictions_that_match_decimal_references_to_1e_9_relative(double r, double alpha, double a, double b, int x, double recency, double age)
    {
        var p = new MbgNbdParameters(r, alpha, a, b);
        // P(alive) as BG/NBD's with b+1 and no x > 0 condition; E[Y | alive] from the exact negative-binomial series in decimal.
        double alive = 1 / (1 + (double)(D(a) / (D(b) + x)) * Math.Pow((double)((D(alpha) + D(age)) / (D(alpha) + D(recency))), r + x));
        // The reference's power in double carries (r+x)·ε of relative error: 1e-10 at r = 1e6.
        Assert.Equal(alive, p.ProbabilityAlive(x, recency, age), 1e-9 * alive + 1e-300);
        Assert.True(double.IsFinite(p.LogLikelihood(x, recency, age)));
        foreach (double t in new[] { 1e-3, 39.0 })
        {
            decimal ifAlive = ExpectedIfAlive(r, alpha, a, b + 1, x, age, t);
            double expected = p.ConditionalExpectedPurchases(t, x, recency, age);
            Assert.True(double.IsFinite(expected) && expected >= 0);
            if (alive > 1e-20)
            {
                Assert.True(Relative(expected / p.ProbabilityAlive(x, recency, age), ifAlive) <= 1e-9, $"t {t}: {expected} vs {alive} × {ifAlive}");
            }
            else
            {
                Assert.True(expected <= 2 * alive * (double)ifAlive + 1e-300, $"t {t}: {expected} with P(alive) {alive}");
            }
            decimal unconditional = D(b) / (D(a) + D(b)) * ExpectedIfAlive(r, alpha, a, b + 1, 0, 0, t);
            Assert.True(Relative(p.ExpectedPurchases(t), unconditional) <= 1e-9, $"t {t}: {p.ExpectedPurchases(t)} vs {unconditional}");
        }
    }

    [Theory]
    [InlineData(0.525, 0.079, 0.891, 1.614)]
    [InlineData(3, 0.5, 0.2, 8)]
    public void Likelihood_gradient_matches_central_differences_to_1e_6_relative(double r, double alpha, double a, double b)
    {
        WeightedSummary[] histories = [new(0, 0, 1, 5), new(0, 0, 0.4, 2), new(3, 0.5, 0.9, 2), new(12, 0.8, 0.8, 1), new(1, 0.1, 0.6, 3)];
        var likelihood = new MbgNbdLikelihood(histories, 0, 1);
        double[] point = [Math.Log(r), Math.Log(alpha), Math.Log(a), Math.Log(b)];
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
        var book = MbgNbdSimulator.Simulate(30_000, 0.5, 6, 0.9, 1.6, 52, seed: 2007);
        var fit = Fit(book);

        Assert.True(fit.Converged, string.Join("; ", fit.Warnings));
        Assert.NotNull(fit.StandardErrors);
        foreach (var (name, truth) in new[] { ("r", 0.5), ("alpha", 6.0), ("a", 0.9), ("b", 1.6) })
        {
            Assert.True(Math.Abs(fit.Parameters[name] - truth) <= 4 * fit.StandardErrors[name],
                $"{name}: {fit.Parameters[name]} ± {fit.StandardErrors[name]} vs {truth}");
        }
    }

    [Fact]
    public void Fit_refuses_too_few_customers_and_books_without_repeat_purchases()
    {
        Assert.Throws<ModelFitException>(() => Fit([new CustomerSummary(1, 1, 2), new CustomerSummary(0, 0, 3)]));
        Assert.Throws<ModelFitException>(() => Fit(Enumerable.Range(1, 20).Select(i => new CustomerSummary(0, 0, i))));
    }

    [Fact]
    public void Predictor_answers_through_the_catalog_interface()
    {
        var predictor = Assert.IsType<MbgNbdPredictor>(Definition.CreatePredictor(new ParameterSet(Definition.ParameterNames, [0.525, 6.183, 0.891, 1.614])));
        var history = new TimedHistory(0, 0, 40, 0);
        Assert.Equal(ModelKind.MbgNbd, predictor.Kind);
        Assert.True(predictor.ProbabilityAlive(history) < 1); // unlike BG/NBD, a customer without repeats may have left
        Assert.Equal(predictor.Parameters.ConditionalExpectedPurchases(39, 0, 0, 40), predictor.ExpectedPurchases(history, 39));
        Assert.Equal(predictor.Parameters.ExpectedPurchases(39), predictor.ExpectedRepeatPurchases(39));
    }
}
