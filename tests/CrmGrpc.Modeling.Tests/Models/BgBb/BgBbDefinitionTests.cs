using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgBb;
using CrmGrpc.Modeling.Tests.TestSupport;

namespace CrmGrpc.Modeling.Tests.Models.BgBb;

public class BgBbDefinitionTests
{
    private static readonly BgBbDefinition Definition = new();

    [Fact]
    public void Describes_itself_with_the_API_names()
    {
        Assert.Equal(ModelKind.BgBb, Definition.Kind);
        Assert.Equal("bg-bb", Definition.Name);
        Assert.Equal(ModelFamily.Purchase, Definition.Family);
        Assert.Equal(ModelInputs.DiscreteHistories, Definition.Inputs);
        Assert.Equal(["alpha", "beta", "gamma", "delta"], Definition.ParameterNames);
    }

    [SharedDataFact(DonationsData.FileName)]
    public void Fit_through_the_catalog_interface_gives_the_published_donations_fit_with_aic_and_bic()
    {
        var fit = Definition.Fit(new ModelData { DiscreteHistories = DonationsData.Histories, Unit = TimeUnit.Years }, ModelFitSettings.Default, CancellationToken.None);

        Assert.Equal(ModelKind.BgBb, fit.Kind);
        Assert.Equal(1.204, fit.Parameters["alpha"], 0.0005);
        Assert.Equal(2.783, fit.Parameters["delta"], 0.0005);
        Assert.NotNull(fit.StandardErrors);
        Assert.Equal(11_104, fit.Observations);
        Assert.Equal(8 - 2 * fit.LogLikelihood, fit.Aic, 1e-9);
        Assert.Equal(4 * Math.Log(11_104) - 2 * fit.LogLikelihood, fit.Bic, 1e-9);
        Assert.True(fit.Converged);
    }

    [Fact]
    public void Fit_without_enough_data_throws_a_model_fit_exception_saying_why()
    {
        Assert.Contains("at least", Assert.Throws<ModelFitException>(() => Fit([new WeightedSummary(1, 1, 2, 3)])).Message, StringComparison.Ordinal);
        Assert.Contains("no transaction opportunity", Assert.Throws<ModelFitException>(() => Fit([new WeightedSummary(0, 0, 0, 30)])).Message, StringComparison.Ordinal);
        Assert.Contains("no customer bought", Assert.Throws<ModelFitException>(() => Fit([new WeightedSummary(0, 0, 4, 30)])).Message, StringComparison.Ordinal);
        Assert.Contains("not valid", Assert.Throws<ModelFitException>(() => Fit([new WeightedSummary(1, 0.5, 4, 30)])).Message, StringComparison.Ordinal);
    }

    private static ModelFit Fit(WeightedSummary[] histories)
        => Definition.Fit(new ModelData { DiscreteHistories = histories, Unit = TimeUnit.Months }, ModelFitSettings.Default, CancellationToken.None);

    [Fact]
    public void Predictor_floors_times_to_whole_periods()
    {
        var predictor = Assert.IsType<BgBbPredictor>(Definition.CreatePredictor(Parameters(1.204, 0.750, 0.657, 2.783)));
        var p = predictor.Parameters;

        Assert.Equal(p.ProbabilityAlive(3, 5, 6), predictor.ProbabilityAlive(new TimedHistory(3, 5.9, 6.99, 0)));
        Assert.Equal(p.ConditionalExpectedPurchases(4, 3, 5, 6), predictor.ExpectedPurchases(new TimedHistory(3, 5, 6, 0), 4.7));
        Assert.Equal(p.ExpectedPurchases(10), predictor.ExpectedRepeatPurchases(10.999));
        Assert.Equal(0, predictor.ExpectedRepeatPurchases(0.5));
        Assert.ThrowsAny<ArgumentException>(() => predictor.ExpectedRepeatPurchases(double.NaN));
        Assert.ThrowsAny<ArgumentException>(() => predictor.ExpectedPurchases(new TimedHistory(3, 5, 6, 0), -1));
    }

    [Theory]
    [InlineData("alpha")]
    [InlineData("delta")]
    public void CreatePredictor_rejects_a_missing_parameter_naming_it(string missing)
    {
        string[] names = [.. Definition.ParameterNames.Where(name => name != missing)];
        var exception = Assert.Throws<ModelParameterException>(() => Definition.CreatePredictor(new ParameterSet(names, [.. names.Select(_ => 1.0)])));
        Assert.Equal(missing, exception.Parameter);
    }

    [Fact]
    public void CreatePredictor_rejects_an_unknown_parameter_naming_it()
    {
        var exception = Assert.Throws<ModelParameterException>(() => Definition.CreatePredictor(
            new ParameterSet(["alpha", "beta", "gamma", "delta", "r"], [1, 1, 1, 1, 1])));
        Assert.Equal("r", exception.Parameter);
    }

    [Theory]
    [InlineData(0, 1, 1, 1, "alpha")]
    [InlineData(1, -1, 1, 1, "beta")]
    [InlineData(1, 1, double.NaN, 1, "gamma")]
    [InlineData(1, 1, 1, double.PositiveInfinity, "delta")]
    public void CreatePredictor_rejects_non_positive_or_non_finite_values_naming_the_parameter(double alpha, double beta, double gamma, double delta, string name)
    {
        var exception = Assert.Throws<ModelParameterException>(() => Definition.CreatePredictor(Parameters(alpha, beta, gamma, delta)));
        Assert.Equal(name, exception.Parameter);
    }

    private static ParameterSet Parameters(double alpha, double beta, double gamma, double delta)
        => new(["alpha", "beta", "gamma", "delta"], [alpha, beta, gamma, delta]);
}
