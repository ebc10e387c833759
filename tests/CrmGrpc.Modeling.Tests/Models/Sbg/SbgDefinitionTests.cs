using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.Sbg;

namespace CrmGrpc.Modeling.Tests.Models.Sbg;

public class SbgDefinitionTests
{
    private static readonly SbgDefinition Definition = new();

    private static ModelFit Fit(params CohortSurvival[] cohorts)
        => Definition.Fit(new ModelData { Cohorts = cohorts, Unit = TimeUnit.Months }, ModelFitSettings.Default, CancellationToken.None);

    [Fact]
    public void Describes_itself_with_the_API_names()
    {
        Assert.Equal(ModelKind.Sbg, Definition.Kind);
        Assert.Equal("sbg", Definition.Name);
        Assert.Equal(ModelFamily.Contractual, Definition.Family);
        Assert.Equal(ModelInputs.Cohorts, Definition.Inputs);
        Assert.Equal(["alpha", "beta"], Definition.ParameterNames);
    }

    [Fact]
    public void Fit_through_the_catalog_gives_Fader_Hardie_2007_regular_segment_with_standard_errors()
    {
        var fit = Fit(new CohortSurvival("regular", [1000, 631, 468, 382, 326, 289, 262, 241]));
        Assert.Equal(0.704, fit.Parameters["alpha"], 0.0005);
        Assert.Equal(1.182, fit.Parameters["beta"], 0.0005);
        Assert.NotNull(fit.StandardErrors);
        Assert.Equal(1000, fit.Observations);
        Assert.Equal(4 - 2 * fit.LogLikelihood, fit.Aic, 1e-9);
    }

    [Fact]
    public void Fit_without_usable_cohorts_throws_a_model_fit_exception_saying_why()
    {
        Assert.Contains("at least", Assert.Throws<ModelFitException>(() => Fit(new CohortSurvival("small", [5, 3, 2]))).Message, StringComparison.Ordinal);
        Assert.Contains("two periods", Assert.Throws<ModelFitException>(() => Fit(new CohortSurvival("short", [100, 60]))).Message, StringComparison.Ordinal);
        Assert.Contains("no customer churned", Assert.Throws<ModelFitException>(() => Fit(new CohortSurvival("loyal", [100, 100, 100]))).Message, StringComparison.Ordinal);
        Assert.Contains("no renewals", Assert.Throws<ModelFitException>(() => Fit(new CohortSurvival("gone", [100, 0, 0]))).Message, StringComparison.Ordinal);
        Assert.Contains("not valid", Assert.Throws<ModelFitException>(() => Fit(new CohortSurvival("bad", [100, 120, 0]))).Message, StringComparison.Ordinal);
        Assert.Throws<ModelFitException>(() => Fit());
    }

    [Fact]
    public void Predictor_answers_survival_retention_and_derl()
    {
        var predictor = Assert.IsType<SbgPredictor>(Definition.CreatePredictor(new ParameterSet(["alpha", "beta"], [0.704, 1.182])));
        Assert.Equal(1, predictor.Survival(0));
        Assert.Equal(1.182 / 1.886, predictor.Survival(1), 1e-15);
        Assert.Equal(1.182 / 1.886, predictor.RetentionRate(1), 1e-15);
        Assert.Equal(predictor.Parameters.DiscountedExpectedResidualLifetime(2, 0.1), predictor.ExpectedRemainingLifetime(2, 0.1));
        Assert.Throws<ArgumentException>(() => predictor.ExpectedRemainingLifetime(2, 0));
    }

    [Theory]
    [InlineData(new[] { "alpha" }, new[] { 1.0 }, "beta")]
    [InlineData(new[] { "alpha", "beta", "gamma" }, new[] { 1.0, 1.0, 1.0 }, "gamma")]
    [InlineData(new[] { "alpha", "beta" }, new[] { 0.0, 1.0 }, "alpha")]
    [InlineData(new[] { "alpha", "beta" }, new[] { 1.0, double.NaN }, "beta")]
    [InlineData(new[] { "alpha", "beta" }, new[] { 1.0, -3.0 }, "beta")]
    public void CreatePredictor_rejects_missing_unknown_non_positive_and_NaN_parameters_naming_them(string[] names, double[] values, string wrong)
    {
        var exception = Assert.Throws<ModelParameterException>(() => Definition.CreatePredictor(new ParameterSet(names, values)));
        Assert.Equal(wrong, exception.Parameter);
    }
}
