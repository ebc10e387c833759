using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgNbd;

namespace CrmGrpc.Modeling.Tests.Models;

/// <summary>The predictive CLV of any purchase model agrees with BG/NBD's own calculator when the model is BG/NBD.</summary>
public sealed class PurchaseModelClvTests
{
    private static readonly BgNbdParameters Cdnow = new(0.243, 4.414, 0.793, 2.426);

    [Theory]
    [InlineData(0, 0, 38.86, 12, 0.01, 52)]
    [InlineData(2, 30.43, 38.86, 12, 0.01, 39)]
    [InlineData(25, 38.0, 38.86, 24, 0.0, 104)]
    [InlineData(1, 1.71, 10.0, 0, 0.02, 0)]
    public void It_equals_the_BG_NBD_calculator_for_a_BG_NBD_model(int x, double recency, double age, int months, double discount, double horizon)
    {
        var generic = new PurchaseModelClv(new BgNbdPredictor(Cdnow), months, discount, TimeUnit.Weeks, horizon);
        var specific = new PredictiveClvCalculator(Cdnow, months, discount, TimeUnit.Weeks, horizon);

        var clv = generic.Compute(new TimedHistory(x, recency, age, 0), 22.5, out var expected);
        var reference = specific.Compute(new CustomerSummary(x, recency, age), 22.5, out var referenceExpected);

        Assert.Equal(reference, clv, Math.Max(1e-12, Math.Abs(reference) * 1e-10));
        Assert.Equal(referenceExpected, expected, Math.Max(1e-12, Math.Abs(referenceExpected) * 1e-10));
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        var model = new BgNbdPredictor(Cdnow);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PurchaseModelClv(model, -1, 0.01, TimeUnit.Weeks, 52));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PurchaseModelClv(model, 12, -1, TimeUnit.Weeks, 52));
        Assert.ThrowsAny<ArgumentException>(() => new PurchaseModelClv(model, 12, 0.01, TimeUnit.Weeks, double.NaN));
    }
}

/// <summary>Pareto/NBD's many-horizon expectation shares P(alive) and equals the one-horizon form.</summary>
public sealed class ParetoNbdHorizonsTests
{
    [Theory]
    [InlineData(0, 0, 38.86)]
    [InlineData(2, 30.43, 38.86)]
    [InlineData(40, 38.86, 38.86)]
    public void Every_horizon_equals_its_own_conditional_expectation(int x, double recency, double age)
    {
        var parameters = new Modeling.Models.ParetoNbd.ParetoNbdParameters(0.553, 10.578, 0.606, 11.669);
        double[] horizons = [0, 4.345, 8.69, 39, 52, 520];
        var destination = new double[horizons.Length];

        parameters.ConditionalExpectedPurchases(horizons, x, recency, age, destination);

        for (var i = 0; i < horizons.Length; i++)
        {
            Assert.Equal(parameters.ConditionalExpectedPurchases(horizons[i], x, recency, age), destination[i], 1e-15);
        }
    }
}
