namespace CrmGrpc.Modeling.Tests;

public class GammaGammaParametersTests
{
    private static readonly GammaGammaParameters Cdnow = new(6.25, 3.74, 15.44);

    [Fact]
    public void Expected_average_value_is_the_credibility_weighted_mean_of_note_025_eq_5_to_1e_12()
    {
        double p = Cdnow.P, q = Cdnow.Q, gamma = Cdnow.Gamma;
        int x = 3;
        double m = 42.5;
        double weight = p * x / (p * x + q - 1);
        double expected = (1 - weight) * gamma * p / (q - 1) + weight * m; // lifetimes' conditional_expected_average_profit
        Assert.Equal(expected, Cdnow.ConditionalExpectedAverageValue(x, m), 1e-12);
        Assert.Equal(gamma * p / (q - 1), Cdnow.ConditionalExpectedAverageValue(0, 0), 1e-12);
        Assert.Equal(gamma * p / (q - 1), Cdnow.ConditionalExpectedAverageValue(0, 999), 1e-12); // no repeats: z̄ carries no information
    }

    [Fact]
    public void Log_likelihood_matches_the_gamma_gamma_density_to_1e_12()
    {
        // z̄ | ν ~ Gamma(px, xν) and ν ~ Gamma(q, γ): marginal density (note 025, eq. 1a).
        double p = Cdnow.P, q = Cdnow.Q, gamma = Cdnow.Gamma, m = 30;
        int x = 4;
        double px = p * x;
        double lg(double v) => Numerics.SpecialFunctionsProxy.LogGamma(v);
        double expected = lg(px + q) - lg(px) - lg(q) + q * Math.Log(gamma) + (px - 1) * Math.Log(m) + px * Math.Log(x)
            - (px + q) * Math.Log(gamma + x * m);
        Assert.Equal(expected, Cdnow.LogLikelihood(x, m), 1e-12);
    }

    [Fact]
    public void Undefined_or_invalid_cases_throw()
    {
        var heavyTailed = new GammaGammaParameters(0.5, 0.8, 10);
        Assert.Throws<InvalidOperationException>(() => heavyTailed.ConditionalExpectedAverageValue(0, 0)); // q ≤ 1: no population mean
        Assert.True(double.IsFinite(heavyTailed.ConditionalExpectedAverageValue(1, 20))); // px + q > 1: fine
        Assert.ThrowsAny<ArgumentException>(() => Cdnow.ConditionalExpectedAverageValue(-1, 10));
        Assert.ThrowsAny<ArgumentException>(() => Cdnow.ConditionalExpectedAverageValue(2, double.NaN));
        Assert.ThrowsAny<ArgumentException>(() => Cdnow.LogLikelihood(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GammaGammaParameters(1, 0, 1));
    }
}
