using CrmGrpc.Modeling.Models.Sbg;

namespace CrmGrpc.Modeling.Tests.Models.Sbg;

public class SbgParametersTests
{
    public static TheoryData<double, double> ParameterSets => new()
    {
        { 0.704, 1.182 },
        { 0.668, 3.806 },
        { 2, 2 },
        { 1e-6, 1e-6 },
        { 1e6, 1e6 },
        { 1e-6, 1e6 },
        { 1e6, 1e-6 },
    };

    /// <summary>S(t) as the 28-digit product Π_{i&lt;t} (β+i)/(α+β+i).</summary>
    private static DecimalFloat Survival(double alpha, double beta, int periods)
    {
        DecimalFloat a = DecimalFloat.From(alpha), b = DecimalFloat.From(beta), product = DecimalFloat.One;
        for (int i = 0; i < periods; i++) product = product * (b + i) / (a + b + i);
        return product;
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public void Survival_churn_and_retention_agree_with_28_digit_products(double alpha, double beta)
    {
        var parameters = new SbgParameters(alpha, beta);
        foreach (int t in new[] { 0, 1, 2, 7, 64, 65, 1000, 5000 })
        {
            var expected = Survival(alpha, beta, t);
            double rounding = 1e-13 + 4 * 1.1e-16 * t * (Math.Abs(Math.Log(alpha + beta + t)) + 1);
            Assert.True(Math.Abs(parameters.LogSurvival(t) - expected.Log()) <= rounding * Math.Max(1, Math.Abs(expected.Log())),
                $"ln S({t}) = {parameters.LogSurvival(t):R}, reference {expected.Log():R}");
            if (t == 0) continue;
            var churn = Survival(alpha, beta, t - 1) * DecimalFloat.From(alpha) / (DecimalFloat.From(alpha) + DecimalFloat.From(beta) + (t - 1));
            double churnProbability = parameters.ChurnProbability(t);
            Assert.True(double.IsFinite(churnProbability));
            Assert.True(Math.Abs(Math.Log(churnProbability) - churn.Log()) <= 2 * rounding * Math.Max(1, Math.Abs(churn.Log())) || churnProbability == 0,
                $"P(T = {t}) = {churnProbability:R}, reference {churn.ToDouble():R}");
            double retention = ((DecimalFloat.From(beta) + (t - 1)) / (DecimalFloat.From(alpha) + DecimalFloat.From(beta) + (t - 1))).ToDouble();
            Assert.Equal(retention, parameters.RetentionRate(t), 1e-15 * retention);
        }
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public void Derl_agrees_with_its_series_summed_to_convergence_in_28_digits(double alpha, double beta)
    {
        var parameters = new SbgParameters(alpha, beta);
        foreach (int renewals in new[] { 0, 1, 6, 5000 })
        {
            foreach (double discount in new[] { 0.1, 0.01 })
            {
                double expected = DerlSeries(alpha, beta, renewals, discount);
                double derl = parameters.DiscountedExpectedResidualLifetime(renewals, discount);
                Assert.True(Math.Abs(derl - expected) <= 1e-11 * expected, $"DERL({renewals}, d {discount}) = {derl:R}, series {expected:R}");
            }
        }
    }

    /// <summary>Σ_{k≥0} S(m+1+k)/S(m) z^k with z = 1/(1+d), the ratios (β+m+i)/(α+β+m+i) z &lt; z, tail below 1e-22 of the sum.</summary>
    private static double DerlSeries(double alpha, double beta, int renewals, double discount)
    {
        DecimalFloat a = DecimalFloat.From(alpha), b = DecimalFloat.From(beta), z = DecimalFloat.One / (DecimalFloat.One + DecimalFloat.From(discount));
        var term = (b + renewals) / (a + b + renewals);
        var sum = term;
        for (int k = 1; k < 10_000_000; k++)
        {
            term = term * (b + (renewals + k)) / (a + b + (renewals + k)) * z;
            sum += term;
            // The ratios rise towards z, so the tail is below term · z/(1−z).
            if ((term * z / (DecimalFloat.One - z) / sum).ToDouble() < 1e-22) return sum.ToDouble();
        }
        throw new InvalidOperationException("The reference series did not converge.");
    }

    [Fact]
    public void Undiscounted_derl_is_beta_plus_m_over_alpha_minus_1_and_the_discounted_one_tends_to_it()
    {
        var parameters = new SbgParameters(2.5, 3);
        Assert.Equal((3 + 4) / 1.5, parameters.DiscountedExpectedResidualLifetime(4, 0), 1e-14);
        Assert.Equal((3 + 4) / 1.5, parameters.DiscountedExpectedResidualLifetime(4, 1e-9), 1e-6);
        Assert.True(parameters.DiscountedExpectedResidualLifetime(4, 0.1) < parameters.DiscountedExpectedResidualLifetime(4, 0.01));
    }

    [Theory]
    [InlineData(0.704)]
    [InlineData(1.0)]
    public void Undiscounted_derl_with_alpha_at_most_1_is_refused_as_unbounded_and_a_tiny_discount_stays_finite(double alpha)
    {
        var parameters = new SbgParameters(alpha, 1.182);
        var exception = Assert.Throws<ArgumentException>(() => parameters.DiscountedExpectedResidualLifetime(3, 0));
        Assert.Contains("unbounded", exception.Message, StringComparison.Ordinal);
        double derl = parameters.DiscountedExpectedResidualLifetime(3, 1e-6);
        Assert.True(double.IsFinite(derl) && derl > 10, $"{derl}");
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        var parameters = new SbgParameters(1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Survival(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.RetentionRate(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.ChurnProbability(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.DiscountedExpectedResidualLifetime(-1, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.DiscountedExpectedResidualLifetime(1, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.DiscountedExpectedResidualLifetime(1, double.NaN));
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new SbgParameters(0, 1)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => new SbgParameters(1, double.NaN)).ParamName);
    }
}
