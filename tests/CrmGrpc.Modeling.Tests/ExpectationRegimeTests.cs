using static CrmGrpc.Modeling.Tests.TestSupport.DecimalReference;
using M = CrmGrpc.Modeling.BgNbdExpectation.Method;

namespace CrmGrpc.Modeling.Tests;

/// <summary>
/// The conditional expectation's automatic choice between the point-mass expansion, the two series and the
/// quadrature: every regime against a 28-digit reference, continuity across each switch, the point-mass error bound,
/// and the multi-horizon evaluation being bit-for-bit the single-horizon one.
/// </summary>
public class ExpectationRegimeTests
{
    private const double R = 2.1726519178943446, Alpha = 11.731189949780102;
    private const double DropoutA = 0.20178, DropoutB = 0.79822; // a : b of the degenerate fit (a/(a+b) ≈ 0.2)

    public static TheoryData<double, double, double, double, int, double, double> Regimes => new()
    {
        { 0.243, 4.414, 0.793, 2.426, 0, 38.86, 52 },     // CDNOW: Euler series
        { 0.243, 4.414, 0.793, 2.426, 8, 13, 4.345 },
        { 0.243, 4.414, 1.0, 2.426, 2, 30, 39 },          // a = 1: the textbook 0/0
        { 0.3, 2, 0.2, 0.5, 0, 0, 52 },                    // a + b < 1
        { 50, 4.414, 0.793, 2.426, 3, 20, 26 },            // r ≫ a+b: negative-binomial series
        { 1e4, 2e4, 0.793, 2.426, 1, 5, 52 },              // nearly homogeneous purchase rates
        { 0.243, 0.2, 0.793, 2.426, 0, 0, 52 },            // u = 260: quadrature
        { 0.8, 5, 80, 300, 2, 10, 52 },                    // moderately concentrated dropout: series, near the switch
        { 0.8, 5, 5000, 2, 2, 10, 30 },                    // a alone huge: point mass near p = 1
        { 0.8, 5, 0.8, 1e7, 2, 10, 30 },                   // b alone huge: p ≈ Gamma(a)/b
        { 1.475, 9.84, 12915.8, 1.23e9, 7, 10, 52 },       // a, b large with a/(a+b) ≈ 1e-5
        { R, Alpha, 149295421936814.78, 590632796969141.2, 5, 30, 52 },
    };

    [Theory]
    [MemberData(nameof(Regimes))]
    public void Automatic_choice_and_quadrature_match_the_28_digit_reference_to_1e_14_in_every_regime(
        double r, double alpha, double a, double b, int x, double age, double horizon)
    {
        decimal expected = ExpectedIfAlive(r, alpha, a, b, x, age, horizon);
        double actual = BgNbdExpectation.IfAlive(r, alpha, a, b, x, age, horizon);
        Assert.True(Relative(actual, expected) <= 1e-14, $"{actual} vs {expected}");
        double integrated = BgNbdExpectation.IfAlive(r, alpha, a, b, x, age, horizon, M.Quadrature);
        Assert.True(Relative(integrated, expected) <= 1e-14, $"quadrature {integrated} vs {expected}");
    }

    [Theory]
    [InlineData(0, 0.0, 4.345)]
    [InlineData(3, 26.0, 52.0)]
    [InlineData(8, 52.0, 26.0)]
    public void Scaling_a_and_b_from_1e14_down_to_1e2_stays_within_1e_14_of_the_reference_through_every_switch(int x, double age, double horizon)
    {
        // a/(a+b) fixed at ≈ 0.2 while a+b shrinks: the posterior widens from a point (point mass, order 3) through
        // higher orders to where the expansion stops and the series take over.
        for (double scale = 1e14; scale >= 1e2; scale /= Math.Sqrt(10))
        {
            double a = DropoutA * scale, b = DropoutB * scale;
            decimal expected = ExpectedIfAlive(R, Alpha, a, b, x, age, horizon);
            double actual = BgNbdExpectation.IfAlive(R, Alpha, a, b, x, age, horizon);
            Assert.True(Relative(actual, expected) <= 1e-14, $"a+b = {scale:G3}: {actual} vs {expected}");
        }
    }

    [Theory]
    [InlineData(0.25, 0, 0.0, 4.345)]
    [InlineData(4.0, 3, 26.0, 52.0)]
    [InlineData(1000.0, 8, 5.0, 13.035)]
    public void Point_mass_switch_is_continuous_to_1e_14(double bOverA, int x, double age, double horizon)
    {
        // Bisect a (b = bOverA·a) for where the expansion's rigorous bound first meets 1e-15 of Q; just below, the
        // series answer, just above, the expansion: both within ~1e-15 of each other and of the reference.
        double u = horizon / (Alpha + age);
        bool Accepted(double a) => BgNbdExpectation.TryPointMass(R + x, a, bOverA * a + x, u, BgNbdExpectation.PointMassTolerance, out _, out _);
        double low = 10, high = 1e5;
        Assert.False(Accepted(low));
        Assert.True(Accepted(high));
        for (int i = 0; i < 60; i++)
        {
            double middle = Math.Sqrt(low * high);
            if (Accepted(middle)) high = middle; else low = middle;
        }
        double below = BgNbdExpectation.IfAlive(R, Alpha, low, bOverA * low, x, age, horizon);
        double above = BgNbdExpectation.IfAlive(R, Alpha, high, bOverA * high, x, age, horizon);
        Assert.True(high / low - 1 < 1e-12);
        Assert.Equal(below, above, 1e-14 * below);
        Assert.True(Relative(above, ExpectedIfAlive(R, Alpha, high, bOverA * high, x, age, horizon)) <= 2e-15);
        Assert.True(Relative(below, ExpectedIfAlive(R, Alpha, low, bOverA * low, x, age, horizon)) <= 1e-14);
    }

    [Theory]
    [InlineData(1e3, 4e3, 0, 0.0, 52.0)]
    [InlineData(1e5, 4e5, 3, 26.0, 52.0)]
    [InlineData(2e4, 3.0, 2, 10.0, 30.0)]
    [InlineData(1e8, 1e12, 8, 5.0, 4.345)]
    public void Point_mass_error_bound_holds_at_every_order(double a, double b, int x, double age, double horizon)
    {
        decimal expected = ExpectedIfAlive(R, Alpha, a, b, x, age, horizon);
        double u = horizon / (Alpha + age);
        foreach (double tolerance in new[] { 1e-1, 1e-3, 1e-6, 1e-9, 1e-12, 1e-15 })
        {
            if (!BgNbdExpectation.TryPointMass(R + x, a, b + x, u, tolerance, out double q, out double bound)) continue;
            double error = Relative(q, expected) * (double)expected;
            Assert.True(error <= bound + 2e-16 * q, $"tolerance {tolerance}: error {error} above the bound {bound}");
            Assert.True(bound <= tolerance * q * (1 + 1e-15));
        }
    }

    [Theory]
    [InlineData(0.243, 4.414, 0.793, 2.426, 0, 0.0)]
    [InlineData(0.243, 4.414, 0.793, 2.426, 5, 13.0)]
    [InlineData(20, 4.414, 0.4, 1.5, 1, 5.0)]
    public void Series_to_quadrature_switch_is_continuous_to_1e_13(double r, double alpha, double a, double b, int x, double age)
    {
        // Find the horizon where the cheaper series' estimated term count reaches the budget: below it a series,
        // above it the quadrature.
        bool SeriesAffordable(double t)
        {
            BgNbdExpectation.SeriesCosts(r, a, b, x, t / (alpha + age), out double euler, out double binomial);
            return Math.Min(euler, binomial) <= BgNbdExpectation.SeriesTermBudget;
        }
        double low = 1, high = 1e6;
        Assert.True(SeriesAffordable(low));
        Assert.False(SeriesAffordable(high));
        for (int i = 0; i < 60; i++)
        {
            double middle = Math.Sqrt(low * high);
            if (SeriesAffordable(middle)) low = middle; else high = middle;
        }
        double below = BgNbdExpectation.IfAlive(r, alpha, a, b, x, age, low);
        double above = BgNbdExpectation.IfAlive(r, alpha, a, b, x, age, high);
        Assert.Equal(below, above, 1e-13 * below);
        Assert.True(Relative(below, ExpectedIfAlive(r, alpha, a, b, x, age, low)) <= 1e-14);
        Assert.True(Relative(above, ExpectedIfAlive(r, alpha, a, b, x, age, high)) <= 1e-14);
    }

    [Theory]
    [MemberData(nameof(Regimes))]
    public void Many_horizons_in_one_pass_equal_the_single_horizon_values_bit_for_bit(
        double r, double alpha, double a, double b, int x, double age, double horizon)
    {
        var parameters = new BgNbdParameters(r, alpha, a, b);
        double recency = x == 0 ? 0 : age / 2;
        // Months, the given horizon, zero, a far horizon (quadrature) and more than one SIMD block of each kind.
        double[] horizons = [.. Enumerable.Range(1, 12).Select(month => month * 4.345), horizon, 0, 1e-9, 5000, 3 * horizon, 0.5];
        var values = new double[horizons.Length];
        parameters.ConditionalExpectedPurchases(horizons, x, recency, age, values);
        for (int i = 0; i < horizons.Length; i++)
        {
            Assert.Equal(parameters.ConditionalExpectedPurchases(horizons[i], x, recency, age), values[i]);
        }
    }

    [Fact]
    public void Many_horizons_validate_like_the_single_horizon_call()
    {
        var parameters = new BgNbdParameters(0.243, 4.414, 0.793, 2.426);
        Assert.ThrowsAny<ArgumentException>(() => parameters.ConditionalExpectedPurchases([1, -1], 1, 2, 3, new double[2]));
        Assert.ThrowsAny<ArgumentException>(() => parameters.ConditionalExpectedPurchases([1, double.NaN], 1, 2, 3, new double[2]));
        Assert.ThrowsAny<ArgumentException>(() => parameters.ConditionalExpectedPurchases([1, 2], 1, 2, 3, new double[1]));
        Assert.ThrowsAny<ArgumentException>(() => parameters.ConditionalExpectedPurchases([1, 2], 1, 5, 3, new double[2]));
        parameters.ConditionalExpectedPurchases([], 1, 2, 3, []);
    }
}
