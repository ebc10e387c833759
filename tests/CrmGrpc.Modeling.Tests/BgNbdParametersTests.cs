namespace CrmGrpc.Modeling.Tests;

public class BgNbdParametersTests
{
    /// <summary>Fader, Hardie &amp; Lee (2005) CDNOW estimates, weeks, as published (3 decimals).</summary>
    private static readonly BgNbdParameters Cdnow = new(0.243, 4.414, 0.793, 2.426);

    /// <summary>The same maximum-likelihood estimates to the 6 decimals lifetimes prints (Hardie's spreadsheet used full precision).</summary>
    private static readonly BgNbdParameters CdnowMle = new(0.242593, 4.413532, 0.792886, 2.425752);

    /// <summary>The lifetimes test-suite fit (days) used for its known-value tests.</summary>
    private static readonly BgNbdParameters LifetimesExample = new(0.16385072, 1.86428187, 1.85034151, 3.18105431);

    [Theory]
    [InlineData(0.1429, 0.0078)]
    [InlineData(1.0, 0.0532)]
    [InlineData(3.0, 0.1506)]
    [InlineData(31.8571, 1.0405)]
    [InlineData(32.0, 1.0437)]
    [InlineData(78.0, 1.8576)]
    public void Expected_purchases_match_Hardies_spreadsheet_to_0_0005(double t, double expected)
        => Assert.Equal(expected, CdnowMle.ExpectedPurchases(t), 0.0005);

    [Fact]
    public void Conditional_expectation_matches_the_paper_example_1_226_to_3_decimals()
        => Assert.Equal(1.226, CdnowMle.ConditionalExpectedPurchases(39, 2, 30.43, 38.86), 0.0005);

    [Theory]
    [InlineData(0, 0, 298, 0.016053)]
    [InlineData(0, 0, 224, 0.021171)]
    [InlineData(6, 142, 292, 0.030461)]
    [InlineData(0, 0, 147, 0.031686)]
    [InlineData(2, 9, 183, 0.001607)]
    public void Conditional_expectation_over_30_days_matches_lifetimes_known_values_to_5_decimals(int x, double tx, double age, double expected)
        => Assert.Equal(expected, LifetimesExample.ConditionalExpectedPurchases(30, x, tx, age), 0.000005);

    [Fact]
    public void Probability_alive_is_1_without_repeat_purchases_and_within_0_1_on_a_grid()
    {
        Assert.Equal(1.0, Cdnow.ProbabilityAlive(0, 0, 1));
        for (int x = 0; x < 100; x += 10)
        {
            for (int tx = x == 0 ? 0 : 1; tx < 100; tx += 10)
            {
                for (int age = tx; age < 100; age += 10)
                {
                    double alive = Cdnow.ProbabilityAlive(x, x == 0 ? 0 : tx, age);
                    Assert.InRange(alive, 0, 1);
                }
            }
        }
    }

    [Fact]
    public void Probability_alive_matches_the_closed_form_of_note_021_to_1e_14()
    {
        double r = Cdnow.R, alpha = Cdnow.Alpha, a = Cdnow.A, b = Cdnow.B;
        double expected = 1 / (1 + a / (b + 3 - 1) * Math.Pow((alpha + 30) / (alpha + 12), r + 3));
        Assert.Equal(expected, Cdnow.ProbabilityAlive(3, 12, 30), 1e-14);
    }

    [Fact]
    public void Log_likelihood_of_one_customer_matches_the_direct_eq_6_to_1e_12()
    {
        double r = Cdnow.R, alpha = Cdnow.Alpha, a = Cdnow.A, b = Cdnow.B;
        int x = 4;
        double tx = 20, age = 38;
        double Beta(double p, double q) => Math.Exp(LogGamma(p) + LogGamma(q) - LogGamma(p + q));
        double common = Math.Exp(LogGamma(r + x) - LogGamma(r)) * Math.Pow(alpha, r);
        double likelihood = Beta(a, b + x) / Beta(a, b) * common / Math.Pow(alpha + age, r + x)
            + Beta(a + 1, b + x - 1) / Beta(a, b) * common / Math.Pow(alpha + tx, r + x);
        Assert.Equal(Math.Log(likelihood), Cdnow.LogLikelihood(x, tx, age), 1e-12);
    }

    private static double LogGamma(double x) => Numerics.SpecialFunctionsProxy.LogGamma(x);

    [Fact]
    public void Hundreds_of_purchases_in_a_short_time_stay_finite()
    {
        // x = 500 in 6 weeks: (α+T)^(r+x) alone is ~1e500; everything must be done in logs.
        double logLikelihood = Cdnow.LogLikelihood(500, 5, 6);
        double alive = Cdnow.ProbabilityAlive(500, 5, 6);
        double expected = Cdnow.ConditionalExpectedPurchases(39, 500, 5, 6);
        double expectedAtEnd = Cdnow.ConditionalExpectedPurchases(39, 500, 6, 6);

        Assert.True(double.IsFinite(logLikelihood));
        Assert.InRange(alive, 0, 1);
        Assert.True(alive < 1e-10, "an extremely active buyer silent for a week is almost surely gone");
        Assert.True(double.IsFinite(expected) && expected >= 0);
        Assert.True(expectedAtEnd > 500, $"a buyer of 500 in 6 weeks, just seen, keeps buying (got {expectedAtEnd})");
    }

    [Fact]
    public void Recency_equal_to_age_gives_the_smallest_dropout_odds_and_the_closed_form_to_1e_15()
    {
        double alive = Cdnow.ProbabilityAlive(3, 20, 20);
        Assert.Equal(1 / (1 + Cdnow.A / (Cdnow.B + 2)), alive, 1e-15);
        Assert.True(alive > Cdnow.ProbabilityAlive(3, 19, 20));
    }

    [Fact]
    public void Brand_new_customer_with_age_0_is_alive_and_matches_the_unconditional_expectation_to_1e_12()
    {
        Assert.Equal(1, Cdnow.ProbabilityAlive(0, 0, 0));
        Assert.Equal(Cdnow.ExpectedPurchases(52), Cdnow.ConditionalExpectedPurchases(52, 0, 0, 0), 1e-12);
        Assert.True(double.IsFinite(Cdnow.LogLikelihood(0, 0, 0)));
        Assert.Equal(0, Cdnow.LogLikelihood(0, 0, 0), 1e-15); // everyone has no repeat in zero time
    }

    public static TheoryData<double, double, double, double> ExtremeParameters => new()
    {
        { 1e-6, 4.414, 0.793, 2.426 },   // r → 0
        { 0.243, 4.414, 1e-6, 2.426 },   // a → 0: almost no one drops out
        { 0.243, 1e8, 0.793, 2.426 },    // huge α: minute purchase rates
        { 1e6, 1e8, 0.793, 2.426 },      // huge r and α: nearly homogeneous rates
        { 0.243, 4.414, 1.0, 2.426 },    // a = 1: the textbook formula's 0/0
        { 0.243, 4.414, 0.793, 1e-6 },   // b → 0: near-certain dropout after the first repeat
        { 0.243, 1e-4, 0.3, 0.4 },       // tiny α: ₂F₁ argument within 1e-6 of 1, and a + b < 1
        { 50, 4.414, 40, 0.5 },          // r + 1 far above a + b − 1 … and large a
    };

    [Theory]
    [MemberData(nameof(ExtremeParameters))]
    public void Extreme_parameters_give_finite_bounded_predictions_that_grow_with_the_horizon(double r, double alpha, double a, double b)
    {
        var parameters = new BgNbdParameters(r, alpha, a, b);
        (int X, double Tx, double Age)[] histories = [(0, 0, 0), (0, 0, 38), (1, 38, 38), (2, 30.43, 38.86), (500, 5, 6), (40, 0.5, 80)];
        double[] horizons = [0, 1e-9, 0.5, 1, 39, 520, 1e5, 1e9];
        foreach (var (x, tx, age) in histories)
        {
            Assert.True(double.IsFinite(parameters.LogLikelihood(x, tx, age)));
            Assert.InRange(parameters.ProbabilityAlive(x, tx, age), 0, 1);
            double previous = 0;
            foreach (double t in horizons)
            {
                double expected = parameters.ConditionalExpectedPurchases(t, x, tx, age);
                Assert.True(double.IsFinite(expected), $"E[Y({t})] for ({x}, {tx}, {age}) is {expected}");
                Assert.True(expected >= previous * (1 - 1e-9), $"E[Y] decreased by more than the 1e-9 relative slack: {previous} to {expected} at t = {t} for ({x}, {tx}, {age})");
                previous = expected;
            }
        }
    }

    [Fact]
    public void Expectations_are_continuous_through_a_equal_1_to_1e_7_relative()
    {
        var below = new BgNbdParameters(0.243, 4.414, 1 - 1e-9, 2.426).ConditionalExpectedPurchases(39, 2, 30.43, 38.86);
        var at = new BgNbdParameters(0.243, 4.414, 1, 2.426).ConditionalExpectedPurchases(39, 2, 30.43, 38.86);
        var above = new BgNbdParameters(0.243, 4.414, 1 + 1e-9, 2.426).ConditionalExpectedPurchases(39, 2, 30.43, 38.86);
        Assert.Equal(at, below, 1e-7 * at);
        Assert.Equal(at, above, 1e-7 * at);
    }

    [Fact]
    public void Far_horizon_expectation_tends_to_the_lifetime_limit_when_a_exceeds_1_to_1e_6_relative()
    {
        // For a > 1 and t → ∞: E[Y | alive] → E[1/p] = (a+b+x−1)/(a−1), the ₂F₁ argument → 1.
        var parameters = new BgNbdParameters(0.8, 2, 3.5, 4);
        int x = 2;
        double limit = parameters.ProbabilityAlive(x, 10, 12) * (parameters.A + parameters.B + x - 1) / (parameters.A - 1);
        double farAway = parameters.ConditionalExpectedPurchases(1e12, x, 10, 12);
        Assert.Equal(limit, farAway, 1e-6 * limit);
    }

    [Theory]
    [InlineData(-1, 0, 5, 1)]
    [InlineData(2, 6, 5, 1)]
    [InlineData(0, 1, 5, 1)]
    [InlineData(2, 1, double.PositiveInfinity, 1)]
    [InlineData(2, 1, 5, -1)]
    [InlineData(2, 1, 5, double.NaN)]
    public void Invalid_inputs_throw_ArgumentException(int x, double tx, double age, double horizon)
    {
        Assert.ThrowsAny<ArgumentException>(() => Cdnow.ConditionalExpectedPurchases(horizon, x, tx, age));
        if (horizon >= 0)
        {
            Assert.ThrowsAny<ArgumentException>(() => Cdnow.ProbabilityAlive(x, tx, age));
            Assert.ThrowsAny<ArgumentException>(() => Cdnow.LogLikelihood(x, tx, age));
        }
    }

    [Theory]
    [InlineData(0, 1, 1, 1)]
    [InlineData(1, -1, 1, 1)]
    [InlineData(1, 1, double.NaN, 1)]
    [InlineData(1, 1, 1, double.PositiveInfinity)]
    public void Parameters_must_be_positive_and_finite(double r, double alpha, double a, double b)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new BgNbdParameters(r, alpha, a, b));
}
