using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Tests;

public class BgNbdExpectationTests
{
    public static TheoryData<double, double, double, double, int> ExpectationCases => new()
    {
        { 0.243, 4.414, 0.793, 2.426, 0 },
        { 0.243, 4.414, 0.793, 2.426, 3 },
        { 0.243, 4.414, 1.0, 2.426, 1 },     // a = 1: the 0/0 of the textbook form
        { 0.5, 10, 3.0, 0.2, 0 },            // a + b − 1 > 0 but c − A < 0
        { 0.3, 2, 0.2, 0.5, 0 },             // a + b < 1: C = a+b+x−1 < 0, the textbook ₂F₁ has c < 0
        { 2.0, 1, 0.05, 40, 2 },
    };

    [Theory]
    [MemberData(nameof(ExpectationCases))]
    public void BgNbd_expectation_series_ODE_continuation_and_quadrature_agree_to_1e_8_relative_at_z_0_95_and_0_995(
        double r, double alpha, double a, double b, int x)
    {
        foreach (double horizon in new[] { 19.0 * (alpha + 10), 199.0 * (alpha + 10) })
        {
            double automatic = BgNbdExpectation.IfAlive(r, alpha, a, b, x, 10, horizon);
            double continued = BgNbdExpectation.IfAlive(r, alpha, a, b, x, 10, horizon, BgNbdExpectation.Method.Continuation);
            double integrated = BgNbdExpectation.IfAlive(r, alpha, a, b, x, 10, horizon, BgNbdExpectation.Method.Quadrature);
            Assert.True(automatic > 0);
            Assert.Equal(automatic, continued, 1e-8 * automatic);
            Assert.Equal(automatic, integrated, 1e-8 * automatic);
        }
    }

    [Theory]
    [InlineData(1e6, 1e8, 0.793, 2.426, 0, 1e5)]   // r ≫ a+b: the series alternates with terms near e^1000
    [InlineData(5e3, 1e3, 0.793, 2.426, 3, 50)]
    [InlineData(300, 40, 0.2, 0.1, 0, 1e4)]        // large r and z near 1 at once
    public void BgNbd_expectation_with_r_far_above_a_plus_b_matches_quadrature_and_the_Poisson_limit(
        double r, double alpha, double a, double b, int x, double horizon)
    {
        double automatic = BgNbdExpectation.IfAlive(r, alpha, a, b, x, 10, horizon);
        double integrated = BgNbdExpectation.IfAlive(r, alpha, a, b, x, 10, horizon, BgNbdExpectation.Method.Quadrature);
        Assert.True(double.IsFinite(automatic) && automatic > 0, $"got {automatic}");
        Assert.Equal(integrated, automatic, 1e-8 * integrated);

        // With r → ∞ the rate is nearly the constant λ = (r+x)/(α+T); Q → E_p[(1 − e^(−λpt))/p] (1% for r ≥ 300).
        double lambda = (r + x) / (alpha + 10), bx = b + x;
        double logBeta = SpecialFunctions.LogGamma(a) + SpecialFunctions.LogGamma(bx) - SpecialFunctions.LogGamma(a + bx);
        double poisson = GaussKronrod.Integrate(s =>
        {
            double p = Math.Pow(s, 1 / a);
            double gain = p == 0 ? lambda * horizon : -SpecialFunctions.ExpM1(-lambda * p * horizon) / p;
            return gain * Math.Pow(1 - p, bx - 1) / a;
        }, 0, 1) / Math.Exp(logBeta);
        Assert.Equal(poisson, automatic, 0.01 * poisson);
    }

    [Theory]
    [MemberData(nameof(ExpectationCases))]
    public void BgNbd_expectation_equals_numerical_integral_over_the_dropout_posterior_to_1e_7_relative(
        double r, double alpha, double a, double b, int x)
    {
        // Q = E_p[(1 − (1 + p u)^−(r+x)) / p] with p ~ Beta(a, b+x), u = t/(α+T). The Beta density's endpoint
        // singularities are removed by s = p^a on [0, ½] and w = (1−p)^(b+x) on [½, 1].
        double age = 10, horizon = 30, u = horizon / (alpha + age), shape = r + x, bx = b + x;
        double logBeta = SpecialFunctions.LogGamma(a) + SpecialFunctions.LogGamma(bx) - SpecialFunctions.LogGamma(a + bx);
        double H(double p) => p < 1e-300 ? shape * u : -SpecialFunctions.ExpM1(-shape * SpecialFunctions.Log1P(p * u)) / p;
        double Lower(double s)
        {
            double p = Math.Pow(s, 1 / a);
            return H(p) * Math.Pow(1 - p, bx - 1) / a; // p^(a−1) dp = ds / a
        }
        double Upper(double w)
        {
            double p = 1 - Math.Pow(w, 1 / bx);
            return H(p) * Math.Pow(p, a - 1) / bx; // (1−p)^(bx−1) dp = −dw / bx
        }
        double integral = Simpson(Lower, 0, Math.Pow(0.5, a), 100_000) + Simpson(Upper, 0, Math.Pow(0.5, bx), 100_000);
        double expected = integral / Math.Exp(logBeta);
        double actual = BgNbdExpectation.IfAlive(r, alpha, a, b, x, age, horizon);
        Assert.Equal(expected, actual, 1e-7 * expected);
    }

    public static TheoryData<double, double, double, double, int, double> ConcentratedDropout => new()
    {
        { 1.475, 9.84, 12915.8, 1.23e9, 0, 52 },   // a, b → ∞ with a/(a+b) ≈ 1e-5: what a fit on a churn-free book returns
        { 1.475, 9.84, 12915.8, 1.23e9, 7, 52 },
        { 0.8, 5, 0.8, 1e7, 2, 30 },               // b alone huge: dropout ≈ 1e-7
        { 0.8, 5, 5000, 2, 2, 30 },                // a alone huge: dropout ≈ 1 after the next purchase
        { 0.8, 5, 40, 60, 1, 1e4 },                // concentrated and z near 1
    };

    [Theory]
    [MemberData(nameof(ConcentratedDropout))]
    public void Concentrated_dropout_distributions_match_the_textbook_form_to_1e_6_relative(
        double r, double alpha, double a, double b, int x, double horizon)
    {
        // Fader, Hardie & Lee eq. 10 as written: C/(a−1) · (1 − (1−z)^A ₂F₁(A, b+x; C; z)); fine when a is far from 1.
        double age = 10, u = horizon / (alpha + age), z = u / (1 + u), shape = r + x, c = a + b + x - 1;
        Assert.True(Hypergeometric.TrySeries(shape, b + x, c, z, 1_000_000, out double series)); // positive terms, no cancellation
        double textbook = c / (a - 1) * -SpecialFunctions.ExpM1(shape * SpecialFunctions.Log1P(-z) + Math.Log(series));

        double actual = BgNbdExpectation.IfAlive(r, alpha, a, b, x, age, horizon);

        Assert.True(double.IsFinite(actual) && actual > 0, $"got {actual}");
        Assert.Equal(textbook, actual, 1e-6 * textbook);
    }

    private static double Simpson(Func<double, double> f, double from, double to, int intervals)
    {
        double h = (to - from) / intervals, sum = f(from) + f(to);
        for (int i = 1; i < intervals; i++) sum += f(from + i * h) * (i % 2 == 1 ? 4 : 2);
        return sum * h / 3;
    }
}
