using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Tests.Numerics;

public class SpecialFunctionsTests
{
    private const double EulerGamma = 0.57721566490153286061;

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.57236494292470008707)] // ln √π
    [InlineData(10.0, 12.801827480081469611)] // ln 9!
    [InlineData(100.0, 359.13420536957539878)] // ln 99!
    [InlineData(3.7, 1.4280723266653883)]
    [InlineData(1e-6, 13.815509980749431669)] // −ln x − γx + (π²/12)x² …
    [InlineData(1e10, 220258509288.81058)]
    public void LogGamma_matches_reference_values_to_1e_13_relative(double x, double expected)
        => Assert.Equal(expected, SpecialFunctions.LogGamma(x), Math.Max(1e-13, 1e-13 * Math.Abs(expected)));

    [Theory]
    [InlineData(1.0, -EulerGamma)]
    [InlineData(0.5, -EulerGamma - 1.3862943611198906)] // −γ − 2 ln 2
    [InlineData(10.0, 2.2517525890667211)] // H_9 − γ
    [InlineData(1e-7, -10000000.5772155004)] // −1/x − γ + ζ(2) x
    public void Digamma_matches_reference_values_to_1e_13_relative(double x, double expected)
        => Assert.Equal(expected, SpecialFunctions.Digamma(x), Math.Max(1e-13, 1e-13 * Math.Abs(expected)));

    [Theory]
    [InlineData(0.3)]
    [InlineData(2.5)]
    [InlineData(17.25)]
    public void Digamma_is_the_derivative_of_LogGamma_and_obeys_the_recurrence_to_1e_8(double x)
    {
        const double h = 1e-5;
        double numeric = (SpecialFunctions.LogGamma(x + h) - SpecialFunctions.LogGamma(x - h)) / (2 * h);
        Assert.Equal(numeric, SpecialFunctions.Digamma(x), 1e-8);
        Assert.Equal(1 / x, SpecialFunctions.Digamma(x + 1) - SpecialFunctions.Digamma(x), 1e-12);
    }

    [Theory]
    [InlineData(0.243, 1)]
    [InlineData(1e-6, 7)]
    [InlineData(2.426, 64)]
    [InlineData(2.426, 65)]
    [InlineData(0.5, 500)]
    public void LogGammaRatio_and_DigammaDifference_agree_with_direct_differences_to_1e_11_relative(double v, int n)
    {
        double logRatio = SpecialFunctions.LogGamma(v + n) - SpecialFunctions.LogGamma(v);
        double digamma = SpecialFunctions.Digamma(v + n) - SpecialFunctions.Digamma(v);
        Assert.Equal(logRatio, SpecialFunctions.LogGammaRatio(v, n), 1e-11 * Math.Max(1, Math.Abs(logRatio)));
        Assert.Equal(digamma, SpecialFunctions.DigammaDifference(v, n), 1e-11 * Math.Max(1, Math.Abs(digamma)));
        Assert.Equal(0, SpecialFunctions.LogGammaRatio(v, 0));
    }

    [Fact]
    public void Log1P_and_ExpM1_keep_full_relative_precision_for_tiny_arguments_1e_15()
    {
        Assert.Equal(1e-20, SpecialFunctions.Log1P(1e-20));
        Assert.Equal(1e-20, SpecialFunctions.ExpM1(1e-20));
        Assert.Equal(9.9999999995e-11, SpecialFunctions.Log1P(1e-10), 1e-25);
        Assert.Equal(1.00000000005e-10, SpecialFunctions.ExpM1(1e-10), 1e-25);
        Assert.Equal(Math.Log(3.5), SpecialFunctions.Log1P(2.5), 1e-15);
        Assert.Equal(Math.Exp(-2) - 1, SpecialFunctions.ExpM1(-2), 1e-15);
        Assert.Equal(-1, SpecialFunctions.ExpM1(-800));
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.Log1P(-1));
    }

    [Theory]
    [InlineData(-800.0)]
    [InlineData(-3.0)]
    [InlineData(0.0)]
    [InlineData(4.0)]
    [InlineData(800.0)]
    public void SoftPlus_never_overflows_matches_the_definition_to_1e_12_and_its_logistic_sums_to_one_to_1e_15(double x)
    {
        double value = SpecialFunctions.SoftPlus(x, out double logistic);
        SpecialFunctions.SoftPlus(-x, out double mirror);
        Assert.True(double.IsFinite(value));
        Assert.Equal(Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))), value, 1e-12);
        Assert.Equal(1, logistic + mirror, 1e-15);
    }

    [Fact]
    public void Logistic_is_SoftPlus_s_logistic_bit_for_bit()
    {
        var random = new Random(5);
        double[] fixedPoints = [0.0, -0.0, 1e-300, -1e-300, 36.7, -36.7, 745.2, -745.2, 800, -800, double.MaxValue, double.MinValue];
        foreach (var x in fixedPoints.Concat(Enumerable.Range(0, 10_000).Select(_ => (random.NextDouble() - 0.5) * 80)))
        {
            SpecialFunctions.SoftPlus(x, out double logistic);
            Assert.Equal(BitConverter.DoubleToInt64Bits(logistic), BitConverter.DoubleToInt64Bits(SpecialFunctions.Logistic(x)));
        }
    }

    [Fact]
    public void LogGamma_and_Digamma_reject_non_positive_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.LogGamma(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.Digamma(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.LogGamma(double.NaN));
    }

    [Theory]
    [InlineData(12.5, 0.75)]
    [InlineData(37.0, 250.0)]
    [InlineData(3.0, 4.5)]
    public void Real_differences_agree_with_plain_differences_where_those_are_accurate_to_1e_12(double v, double d)
    {
        Assert.Equal(SpecialFunctions.LogGamma(v + d) - SpecialFunctions.LogGamma(v), SpecialFunctions.LogGammaDifference(v, d), 1e-12);
        Assert.Equal(SpecialFunctions.Digamma(v + d) - SpecialFunctions.Digamma(v), SpecialFunctions.DigammaDifference(v, d), 1e-12);
    }

    [Fact]
    public void Differences_at_huge_arguments_keep_relative_precision_1e_12()
    {
        // ln Γ(v+1) − ln Γ(v) = ln v and ψ(v+1) − ψ(v) = 1/v exactly; at v = 1e9 the log-gammas are ~2e10.
        double v = 1.23e9;
        Assert.Equal(Math.Log(v), SpecialFunctions.LogGammaDifference(v, 1), 1e-12 * Math.Log(v));
        Assert.Equal(1 / v, SpecialFunctions.DigammaDifference(v, 1.0), 1e-12 / v);
        // B(a, b) with b huge: ln B(2, b) = −ln(b (b+1)).
        Assert.Equal(-Math.Log(v * (v + 1)), SpecialFunctions.LogBeta(2, v), 1e-12 * Math.Log(v * v));
        Assert.Equal(SpecialFunctions.LogBeta(2, v), SpecialFunctions.LogBeta(v, 2));
    }
    [Theory]
    [InlineData(1e-8, 5.0000000166666667083e-17)]
    [InlineData(-1e-8, 4.999999983333333375e-17)]
    [InlineData(0.001, 5.0016670834166805575e-7)]
    [InlineData(-0.3, 0.040818220681717866067)]
    [InlineData(0.49, 0.14231621995537897012)]
    [InlineData(0.5, 0.14872127070012814685)]
    [InlineData(-0.75, 0.22236655274101470714)]
    [InlineData(3.0, 16.085536923187667741)]
    public void ExpM1MinusX_matches_40_digit_values_to_4e_16_relative(double x, double expected) // mpmath expm1(x) − x
        => Assert.Equal(expected, SpecialFunctions.ExpM1MinusX(x), 4e-16 * expected);

    [Theory]
    [InlineData(1e-8, 4.9999999666666669167e-17)]
    [InlineData(-1e-8, 5.0000000333333335833e-17)]
    [InlineData(0.001, 4.996669164668331906e-7)]
    [InlineData(-0.3, 0.056674943938732378913)]
    [InlineData(0.49, 0.091223880042632227044)]
    [InlineData(-0.49, 0.18334455326376559639)]
    [InlineData(0.5, 0.094534891891835618022)]
    [InlineData(-0.9, 1.402585092994045684)]
    [InlineData(10.0, 7.6021047272016294559)]
    public void XMinusLog1P_matches_40_digit_values_to_2e_15_relative(double x, double expected) // mpmath x − log1p(x)
        => Assert.Equal(expected, SpecialFunctions.XMinusLog1P(x), 2e-15 * expected);

    [Theory]
    [InlineData(0.001, 2.5422704679670945518)]
    [InlineData(0.5, 0.15342640972002734529)]
    [InlineData(3.7, 0.022468770580143146972)]
    [InlineData(9.99, 0.0083388967977343302689)]
    [InlineData(10.0, 0.0083305634333628712565)]
    [InlineData(1000.0, 0.000083333330555556349206)]
    [InlineData(1e12, 8.333333333333344946e-14)]
    public void StirlingRemainder_matches_40_digit_values_to_2e_15_absolute(double x, double expected) // ln Γ(x) − (x−½) ln x + x − ½ ln 2π
        => Assert.Equal(expected, SpecialFunctions.StirlingRemainder(x), 2e-15); // absolute: what log-Beta sums assembled from it need
}
