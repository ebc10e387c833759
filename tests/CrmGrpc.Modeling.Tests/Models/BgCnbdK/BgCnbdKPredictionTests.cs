using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgCnbdK;

namespace CrmGrpc.Modeling.Tests.Models.BgCnbdK;

public class BgCnbdKPredictionTests
{
    private static readonly BgCnbdKParameters Grocery = new(2, 0.359, 1.129, 0.523, 2.785);

    public static TheoryData<int, double, double, double, double, int, double, double> Histories => new()
    {
        // k, r, α, a, b, x, t_x, T
        { 2, 0.359, 1.129, 0.523, 2.785, 0, 0, 52 },
        { 2, 0.359, 1.129, 0.523, 2.785, 3, 20, 52 },
        { 2, 0.359, 1.129, 0.523, 2.785, 3, 52, 52 },      // t_x = T
        { 3, 0.85, 1.45, 0.79, 2.42, 10, 40, 60 },
        { 3, 0.85, 1.45, 0.79, 0.79, 7, 30, 31 },           // a = b
        { 4, 2.0, 2.0, 1.0, 3.0, 5, 10, 30 },               // α = r, a = 1
        { 5, 0.5, 0.1, 2.0, 2.0, 1, 0.5, 10 },
        { 12, 0.3, 5.0, 0.5, 4.0, 2, 26, 39 },
        { 2, 0.359, 1.129, 0.523, 2.785, 5000, 51.9, 52 }, // x in the thousands
        { 2, 1e-6, 1.129, 0.523, 2.785, 4, 30, 52 },        // r at 1e-6
        { 2, 0.359, 1e-6, 0.523, 2.785, 4, 30, 52 },        // α at 1e-6
        { 2, 0.359, 1.129, 1e-6, 2.785, 4, 30, 52 },        // a at 1e-6
        { 2, 0.359, 1.129, 0.523, 1e6, 4, 30, 52 },         // b at 1e6
        { 3, 0.359, 1e6, 0.523, 2.785, 4, 30, 52 },         // α at 1e6
        { 2, 0.359, 1.129, 1e6, 1e6, 4, 30, 52 },           // a, b at 1e6
    };

    private static double Litt(int x, double recency) => x == 0 ? 0 : x * Math.Log(recency / x) - 0.3 * x;

    [Theory]
    [MemberData(nameof(Histories))]
    public void Log_likelihood_and_P_alive_agree_with_numeric_integration_over_lambda_to_1e_9(int k, double r, double alpha, double a, double b, int x, double recency, double age)
    {
        var parameters = new BgCnbdKParameters(k, r, alpha, a, b);
        var history = new TimedHistory(x, recency, age, Litt(x, recency));

        double logLikelihood = parameters.LogLikelihood(history);
        double alive = parameters.ProbabilityAlive(history);

        Assert.True(double.IsFinite(logLikelihood));
        Assert.InRange(alive, 0, 1);
        Assert.Equal(BgCnbdKReference.LogLikelihood(parameters, history), logLikelihood, 1e-9 * Math.Max(1, Math.Abs(logLikelihood)));
        Assert.Equal(BgCnbdKReference.ProbabilityAlive(parameters, history), alive, 1e-9);
    }

    /// <summary>The histories above but x = 5,000, where the reference's Poisson sums take minutes (K_1_… and the finiteness test cover it).</summary>
    public static TheoryData<int, double, double, double, double, int, double, double> ExpectationHistories
    {
        get
        {
            var data = new TheoryData<int, double, double, double, double, int, double, double>();
            foreach (var row in Histories)
            {
                var values = row;
                if ((int)values[5]! <= 1000) data.Add((int)values[0]!, (double)values[1]!, (double)values[2]!, (double)values[3]!, (double)values[4]!, (int)values[5]!, (double)values[6]!, (double)values[7]!);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ExpectationHistories))]
    public void Conditional_expected_purchases_agree_with_numeric_integration_over_lambda_to_1e_8_relative(int k, double r, double alpha, double a, double b, int x, double recency, double age)
    {
        var parameters = new BgCnbdKParameters(k, r, alpha, a, b);
        var history = new TimedHistory(x, recency, age, Litt(x, recency));
        foreach (double horizon in new[] { 0.25, 13, 52 })
        {
            double expected = parameters.ConditionalExpectedPurchases(horizon, history);
            double reference = BgCnbdKReference.ConditionalExpected(parameters, history, horizon);
            Assert.True(double.IsFinite(expected) && expected >= 0);
            Assert.True(Math.Abs(expected - reference) <= 1e-8 * reference + 1e-12, $"t = {horizon}: {expected} vs reference {reference}");
        }
    }

    [Theory]
    [InlineData(1, 0.243, 4.414, 0.793, 2.426)]
    [InlineData(2, 0.359, 1.129, 0.523, 2.785)]
    [InlineData(3, 0.85, 1.45, 0.79, 2.42)]
    [InlineData(7, 1e-6, 1.0, 0.5, 0.5)]
    public void Unconditional_expectation_agrees_with_numeric_integration_to_1e_8_relative_and_grows_with_time(int k, double r, double alpha, double a, double b)
    {
        var parameters = new BgCnbdKParameters(k, r, alpha, a, b);
        double previous = 0;
        foreach (double t in new[] { 0.5, 10, 39, 78 })
        {
            double expected = parameters.ExpectedPurchases(t);
            double reference = BgCnbdKReference.Unconditional(parameters, t);
            Assert.True(Math.Abs(expected - reference) <= 1e-8 * reference + 1e-12, $"t = {t}: {expected} vs reference {reference}");
            Assert.True(expected >= previous);
            previous = expected;
        }
        Assert.Equal(0, parameters.ExpectedPurchases(0));
    }

    [Fact]
    public void K_1_reproduces_BG_NBD_log_likelihood_P_alive_and_expectations_to_1e_10()
    {
        var bgNbd = new BgNbdParameters(0.243, 4.414, 0.793, 2.426);
        var cnbd = new BgCnbdKParameters(1, 0.243, 4.414, 0.793, 2.426);
        (int X, double Recency, double Age)[] histories = [(0, 0, 38.86), (2, 30.43, 38.86), (5, 38.86, 38.86), (40, 10, 38), (5000, 38, 38.5)];
        foreach (var (x, recency, age) in histories)
        {
            var history = new TimedHistory(x, recency, age, 1.7 * x);
            Assert.Equal(bgNbd.LogLikelihood(x, recency, age), cnbd.LogLikelihood(history), 1e-10 * Math.Max(1, Math.Abs(cnbd.LogLikelihood(history))));
            Assert.Equal(bgNbd.ProbabilityAlive(x, recency, age), cnbd.ProbabilityAlive(history), 1e-12);
            foreach (double horizon in new[] { 1.0, 39, 200 })
            {
                double expected = bgNbd.ConditionalExpectedPurchases(horizon, x, recency, age);
                Assert.Equal(expected, cnbd.ConditionalExpectedPurchases(horizon, history), 1e-10 * Math.Max(1, expected));
            }
        }
        foreach (double t in new[] { 1.0, 39, 78 })
        {
            Assert.Equal(bgNbd.ExpectedPurchases(t), cnbd.ExpectedPurchases(t), 1e-10);
        }
    }

    [Fact]
    public void Predictions_are_finite_for_extreme_inputs()
    {
        // The extremes (parameters at 1e-6 and 1e6, x = 0 and 5,000, t_x = T); the sweep over every
        // combination is what the suite can afford (a wider one, 1e-3 and 1e3 and x = 100,000 too, took 90 s).
        double[] extremes = [1e-6, 1, 1e6];
        (int X, double Recency, double Age)[] histories = [(0, 0, 0), (0, 0, 1e4), (1, 1e-9, 1e4), (5000, 52, 52), (5000, 1, 52)];
        foreach (int k in new[] { 1, 2, 12 })
        foreach (double r in extremes)
        foreach (double alpha in extremes)
        foreach (double ab in extremes)
        {
            var parameters = new BgCnbdKParameters(k, r, alpha, ab, 1 / ab);
            foreach (var (x, recency, age) in histories)
            {
                var history = new TimedHistory(x, recency, age, x * Math.Log(Math.Max(recency, 1e-9) / Math.Max(x, 1)));
                Assert.True(double.IsFinite(parameters.LogLikelihood(history)), $"LL {parameters} {history}");
                Assert.InRange(parameters.ProbabilityAlive(history), 0, 1);
                double expected = parameters.ConditionalExpectedPurchases(52, history);
                Assert.True(double.IsFinite(expected) && expected >= 0, $"E {parameters} {history}: {expected}");
            }
            double unconditional = parameters.ExpectedPurchases(52);
            Assert.True(double.IsFinite(unconditional) && unconditional >= 0, $"E[X] {parameters}: {unconditional}");
        }
    }

    [Fact]
    public void A_customer_who_bought_regularly_and_is_overdue_is_less_likely_alive_under_k_2_than_under_k_1()
    {
        // Regular buyers make a long silence more telling: that is what k adds.
        var history = new TimedHistory(10, 30, 52, 10 * Math.Log(3));
        var regular = new BgCnbdKParameters(2, Grocery.R, Grocery.Alpha, Grocery.A, Grocery.B);
        var irregular = new BgCnbdKParameters(1, Grocery.R, Grocery.Alpha / 2, Grocery.A, Grocery.B);
        Assert.True(regular.ProbabilityAlive(history) < irregular.ProbabilityAlive(history));
    }
}
