using CrmGrpc.Modeling.Models.BgBb;

namespace CrmGrpc.Modeling.Tests.Models.BgBb;

public class BgBbParametersTests
{
    // (α, β, γ, δ): the donations fit, α = β and γ = δ, and every corner of 1e-6 / 1e6 that exercises a different regime.
    public static TheoryData<double, double, double, double> ParameterSets => new()
    {
        { 1.204, 0.750, 0.657, 2.783 },
        { 2, 2, 0.5, 0.5 },
        { 1e-6, 1e-6, 1e-6, 1e-6 },
        { 1e6, 1e6, 1e6, 1e6 },
        { 1e-6, 1e6, 1e6, 1e-6 },
        { 1e6, 1e-6, 1e-6, 1e6 },
        { 1e-6, 1, 1e6, 1 },
        { 1, 1e6, 1, 1e-6 },
    };

    // (x, t_x, n): no repeat, the last period bought, x = 5,000, t_x = n, a long dropout sum.
    private static readonly (int X, int Recency, int Periods)[] Histories =
    [
        (0, 0, 0), (0, 0, 6), (3, 5, 6), (6, 6, 6), (4, 7, 40), (0, 0, 2000), (5000, 5000, 5000), (5000, 5100, 5300),
    ];

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public void Log_likelihood_and_P_alive_agree_with_28_digit_references(double alpha, double beta, double gamma, double delta)
    {
        var parameters = new BgBbParameters(alpha, beta, gamma, delta);
        var reference = new BgBbReference(alpha, beta, gamma, delta);
        foreach (var (x, tx, n) in Histories)
        {
            double logLikelihood = parameters.LogLikelihood(x, tx, n);
            double expected = reference.LogLikelihood(x, tx, n);
            Assert.True(double.IsFinite(logLikelihood));
            double rounding = Rounding(n, alpha, beta, gamma, delta);
            Assert.True(Math.Abs(logLikelihood - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)) + rounding,
                $"ℓ({x}, {tx}, {n}) = {logLikelihood:R}, reference {expected:R}");

            double alive = parameters.ProbabilityAlive(x, tx, n);
            double expectedAlive = reference.ProbabilityAlive(x, tx, n);
            Assert.InRange(alive, 0, 1);
            // P(alive) = e^(ln alive-part − ℓ): its relative error is the absolute error of that difference.
            Assert.True(Math.Abs(alive - expectedAlive) <= (1e-12 + 2 * rounding) * expectedAlive,
                $"P(alive | {x}, {tx}, {n}) = {alive:R}, reference {expectedAlive:R}");
        }
    }

    public static TheoryData<double, double, double, double> ExtremeParameterSets => new()
    {
        { 1, 1e-300, 1e300, 1e-300 },   // γ huge: the closed form cancels, the logs are summed and reach ln 0
        { 1e300, 1e9, 1, 1e-9 },        // γ = 1: the Gauss–Legendre form
        { 0.5, 2, 0.7, 1e9 },           // δ + n ≫ K: the logs summed term by term
        { 1.2, 0.75, 0.66, 2.78 },      // Fader, Hardie & Shang's estimates
    };

    [Theory]
    [MemberData(nameof(ExtremeParameterSets))]
    public void Expected_purchases_at_many_horizons_are_each_horizons_own_to_the_last_bit(double alpha, double beta, double gamma, double delta)
    {
        var parameters = new BgBbParameters(alpha, beta, gamma, delta);
        long[] horizons = [0, 1, 30, 64, 65, 100, 2_000, 1_000, 50_000, 50_001, 100_000];
        foreach (var (x, tx, n) in new[] { (0, 0, 0), (3, 5, 6), (40, 100, 4_000) })
        {
            var destination = new double[horizons.Length];

            parameters.ConditionalExpectedPurchases(horizons, x, tx, n, destination);

            for (var i = 0; i < horizons.Length; i++)
            {
                Assert.Equal(parameters.ConditionalExpectedPurchases(horizons[i], x, tx, n), destination[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public void Expected_purchases_agree_with_28_digit_sums_to_1e_12_relative_for_short_and_long_horizons(double alpha, double beta, double gamma, double delta)
    {
        var parameters = new BgBbParameters(alpha, beta, gamma, delta);
        var reference = new BgBbReference(alpha, beta, gamma, delta);
        foreach (int horizon in new[] { 0, 1, 5, 64, 65, 700 })
        {
            AssertClose(reference.ExpectedPurchases(horizon), parameters.ExpectedPurchases(horizon), $"E[X({horizon})]");
            foreach (var (x, tx, n) in new[] { (0, 0, 6), (3, 5, 6), (5000, 5000, 5000) })
            {
                AssertClose(reference.ConditionalExpectedPurchases(horizon, x, tx, n), parameters.ConditionalExpectedPurchases(horizon, x, tx, n),
                    $"E[X(n, n+{horizon}) | {x}, {tx}, {n}]", 2 * Rounding(n, alpha, beta, gamma, delta));
            }
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1 + 1e-9)]
    [InlineData(1 - 1e-9)]
    [InlineData(1.49)]
    [InlineData(0.51)]
    [InlineData(1.5)]
    [InlineData(0.5)]
    [InlineData(2.5)]
    [InlineData(1e-6)]
    [InlineData(1e6)]
    public void Long_horizon_closed_form_has_no_0_over_0_at_gamma_1_and_agrees_with_28_digit_sums_to_1e_12(double gamma)
    {
        foreach (double delta in new[] { 1e-6, 0.3, 2.783, 1e6 })
        {
            var parameters = new BgBbParameters(1.2, 0.75, gamma, delta);
            var reference = new BgBbReference(1.2, 0.75, gamma, delta);
            foreach (int horizon in new[] { 65, 300, 3000 })
            {
                AssertClose(reference.ExpectedPurchases(horizon), parameters.ExpectedPurchases(horizon), $"γ {gamma}, δ {delta}, E[X({horizon})]");
            }
        }
    }

    [Fact]
    public void Expected_purchases_grow_without_bound_only_when_gamma_is_at_most_1_and_stay_finite_at_2_to_the_53_periods()
    {
        double huge = 9007199254740992.0;
        var slowDropout = new BgBbParameters(1, 1, 0.5, 1);
        var fastDropout = new BgBbParameters(1, 1, 3, 1);
        double slow = slowDropout.ExpectedPurchases((long)huge);
        double fast = fastDropout.ExpectedPurchases((long)huge);
        Assert.True(double.IsFinite(slow) && slow > 1e6, $"γ = 0.5: {slow}");
        // γ > 1: the limit α/(α+β) · δ/(γ−1) = 0.5 · 1/2.
        Assert.Equal(0.25, fast, 1e-9);
    }

    [Fact]
    public void P_alive_is_1_before_any_opportunity_and_a_customer_who_bought_in_the_last_period_is_alive()
    {
        var parameters = new BgBbParameters(1.204, 0.750, 0.657, 2.783);
        Assert.Equal(1, parameters.ProbabilityAlive(0, 0, 0));
        Assert.Equal(1, parameters.ProbabilityAlive(6, 6, 6), 1e-15);
        Assert.True(parameters.ProbabilityAlive(1, 1, 6) < parameters.ProbabilityAlive(1, 5, 6));
    }

    [Theory]
    [InlineData(-1, 0, 3)]
    [InlineData(0, 1, 3)]
    [InlineData(1, 0, 3)]
    [InlineData(3, 2, 3)]
    [InlineData(2, 4, 3)]
    [InlineData(0, 0, -1)]
    public void Invalid_histories_are_rejected(int x, int tx, int n)
    {
        var parameters = new BgBbParameters(1, 1, 1, 1);
        Assert.ThrowsAny<ArgumentException>(() => parameters.LogLikelihood(x, tx, n));
        Assert.ThrowsAny<ArgumentException>(() => parameters.ProbabilityAlive(x, tx, n));
        Assert.ThrowsAny<ArgumentException>(() => parameters.ConditionalExpectedPurchases(1, x, tx, n));
    }

    [Theory]
    [InlineData(0, 1, 1, 1, "alpha")]
    [InlineData(1, double.NaN, 1, 1, "beta")]
    [InlineData(1, 1, -2, 1, "gamma")]
    [InlineData(1, 1, 1, double.PositiveInfinity, "delta")]
    public void Non_positive_or_non_finite_parameters_are_rejected_by_name(double alpha, double beta, double gamma, double delta, string name)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new BgBbParameters(alpha, beta, gamma, delta));
        Assert.Equal(name, exception.ParamName);
    }

    /// <summary>
    /// The rounding floor of a log-likelihood in double: ℓ is a difference of sums of up to 4n logs ln(v+i) of size up to
    /// ln(v+n), each rounded to ε = 1.1e-16, so its absolute error is ~ε · n · ln(v+n) however small ℓ itself is.
    /// </summary>
    private static double Rounding(int n, params double[] parameters)
        => 4 * 1.1e-16 * n * (Math.Abs(Math.Log(parameters.Max() + n)) + 1);

    private static void AssertClose(double expected, double actual, string what, double extraRelative = 0)
    {
        Assert.True(double.IsFinite(actual), $"{what} = {actual}");
        Assert.True(Math.Abs(actual - expected) <= (1e-12 + extraRelative) * Math.Abs(expected) + 1e-300, $"{what} = {actual:R}, reference {expected:R}");
    }
}
