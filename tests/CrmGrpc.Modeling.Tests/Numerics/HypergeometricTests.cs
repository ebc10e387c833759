using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Tests.Numerics;

public class HypergeometricTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    [InlineData(0.999999)]
    [InlineData(0.9999999999)]
    public void Logarithm_case_2F1_1_1_2_matches_closed_form_to_1e_10_relative_including_z_near_1(double z)
    {
        // c − a − b = 0: the degenerate case of the 1−z connection formulas.
        double expected = -Math.Log(1 - z) / z;
        Assert.Equal(expected, Hypergeometric.Gauss2F1(1, 1, 2, z), 1e-10 * expected);
    }

    [Theory]
    [InlineData(0.7, 0.2)]
    [InlineData(0.7, 0.95)]
    [InlineData(2.5, 0.999)]
    [InlineData(-1.5, 0.99)]
    public void Binomial_case_2F1_a_b_b_equals_power_of_1_minus_z_to_1e_10_relative(double a, double z)
    {
        double expected = Math.Pow(1 - z, -a);
        Assert.Equal(expected, Hypergeometric.Gauss2F1(a, 3.3, 3.3, z), 1e-10 * expected);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    [InlineData(0.999999)]
    public void Arcsine_case_matches_closed_form_to_1e_10_relative(double x)
    {
        double expected = Math.Asin(x) / x;
        Assert.Equal(expected, Hypergeometric.Gauss2F1(0.5, 0.5, 1.5, x * x), 1e-10 * expected);
    }

    [Fact]
    public void Near_z_1_the_value_approaches_the_Gauss_sum_to_1e_9_relative()
    {
        // ₂F₁(a,b;c;1) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) when c > a+b; at 1−z = 1e-12 the correction is O(1e-12).
        double a = 0.8, b = 1.7, c = 5;
        double expected = Math.Exp(SpecialFunctions.LogGamma(c) + SpecialFunctions.LogGamma(c - a - b)
            - SpecialFunctions.LogGamma(c - a) - SpecialFunctions.LogGamma(c - b));
        Assert.Equal(expected, Hypergeometric.Gauss2F1(a, b, c, 1 - 1e-12), 1e-9 * expected);
    }

    [Fact]
    public void Negative_arguments_use_Pfaff_and_match_the_logarithm_closed_form_to_1e_12()
        => Assert.Equal(Math.Log(4) / 3, Hypergeometric.Gauss2F1(1, 1, 2, -3), 1e-12);

    [Fact]
    public void Terminating_series_is_the_exact_polynomial_to_1e_14()
    {
        double b = 1.3, c = 2.2, z = 0.97;
        double expected = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1));
        Assert.Equal(expected, Hypergeometric.Gauss2F1(-2, b, c, z), 1e-14);
    }

    [Fact]
    public void Invalid_parameters_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Gauss2F1(1, 1, -2, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Gauss2F1(1, 1, 2, 1));
        Assert.Throws<ArgumentException>(() => Hypergeometric.Gauss2F1(double.NaN, 1, 2, 0.5));
    }
}
