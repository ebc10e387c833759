using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgCnbdK;

namespace CrmGrpc.Modeling.Tests.Models.BgCnbdK;

public class BgCnbdKDefinitionTests
{
    private static readonly BgCnbdKDefinition Definition = new();

    private static ParameterSet Parameters(params (string Name, double Value)[] pairs) => new([.. pairs.Select(p => p.Name)], [.. pairs.Select(p => p.Value)]);

    [Fact]
    public void Names_inputs_and_parameters_follow_the_API()
    {
        Assert.Equal(ModelKind.BgCnbdK, Definition.Kind);
        Assert.Equal("bg-cnbd-k", Definition.Name);
        Assert.Equal(ModelFamily.Purchase, Definition.Family);
        Assert.Equal(ModelInputs.TimedHistories, Definition.Inputs);
        Assert.Equal(["k", "r", "alpha", "a", "b"], Definition.ParameterNames);
    }

    [Fact]
    public void CreatePredictor_gives_a_purchase_predictor_with_the_given_parameters()
    {
        var predictor = Assert.IsType<BgCnbdKPredictor>(Definition.CreatePredictor(Parameters(("k", 3), ("r", 0.85), ("alpha", 1.45), ("a", 0.79), ("b", 2.42))));
        Assert.Equal(new BgCnbdKParameters(3, 0.85, 1.45, 0.79, 2.42), predictor.Parameters);
        var history = new TimedHistory(3, 20, 30, 3);
        Assert.Equal(predictor.Parameters.ProbabilityAlive(history), predictor.ProbabilityAlive(history));
        Assert.Equal(predictor.Parameters.ConditionalExpectedPurchases(10, history), predictor.ExpectedPurchases(history, 10));
        Assert.Equal(predictor.Parameters.ExpectedPurchases(10), predictor.ExpectedRepeatPurchases(10));
    }

    public static TheoryData<string, string[], double[]> WrongParameters => new()
    {
        { "b", ["k", "r", "alpha", "a"], [2, 1, 1, 1] },                       // missing
        { "s", ["k", "r", "alpha", "a", "b", "s"], [2, 1, 1, 1, 1, 1] },       // unknown
        { "alpha", ["k", "r", "alpha", "a", "b"], [2, 1, 0, 1, 1] },           // zero
        { "a", ["k", "r", "alpha", "a", "b"], [2, 1, 1, -1, 1] },              // negative
        { "r", ["k", "r", "alpha", "a", "b"], [2, double.NaN, 1, 1, 1] },      // NaN
        { "b", ["k", "r", "alpha", "a", "b"], [2, 1, 1, 1, double.PositiveInfinity] },
        { "k", ["k", "r", "alpha", "a", "b"], [2.5, 1, 1, 1, 1] },             // not whole
        { "k", ["k", "r", "alpha", "a", "b"], [13, 1, 1, 1, 1] },              // beyond 12
        { "k", ["k", "r", "alpha", "a", "b"], [0, 1, 1, 1, 1] },
    };

    [Theory]
    [MemberData(nameof(WrongParameters))]
    public void CreatePredictor_rejects_a_wrong_parameter_naming_it(string expected, string[] names, double[] values)
    {
        var error = Assert.Throws<ModelParameterException>(() => Definition.CreatePredictor(new ParameterSet(names, values)));
        Assert.Equal(expected, error.Parameter);
    }

    [Fact]
    public void Fit_reports_five_parameters_k_with_a_zero_standard_error_and_AIC_counting_k()
    {
        var truth = new BgCnbdKParameters(2, 0.8, 2.0, 0.7, 2.5);
        var histories = BgCnbdKSimulator.Simulate(truth, Ages(3000, 40, 80, 3), seed: 5);

        var fit = Definition.Fit(new ModelData { TimedHistories = histories }, ModelFitSettings.Default, CancellationToken.None);

        Assert.Equal(ModelKind.BgCnbdK, fit.Kind);
        Assert.Equal(["k", "r", "alpha", "a", "b"], fit.Parameters.Names);
        Assert.Equal(2, fit.Parameters["k"]);
        Assert.NotNull(fit.StandardErrors);
        // k is chosen among whole numbers: it has no standard error; the others are conditional on it.
        Assert.False(fit.StandardErrors.TryGet("k", out _));
        Assert.Equal(["r", "alpha", "a", "b"], fit.StandardErrors.Names);
        Assert.All(fit.StandardErrors.Values, se => Assert.True(se > 0 && double.IsFinite(se)));
        Assert.Equal(3000, fit.Observations);
        Assert.Equal(2 * 5 - 2 * fit.LogLikelihood, fit.Aic, 1e-9);
        Assert.True(fit.Converged);
        Assert.Empty(fit.Warnings);
    }

    [Fact]
    public void Fit_refuses_too_few_customers_and_books_without_repeat_purchases()
    {
        var few = Enumerable.Repeat(new TimedHistory(1, 1, 2, 0), BgCnbdKDefinition.MinCustomers - 1).ToArray();
        Assert.Throws<ModelFitException>(() => Definition.Fit(new ModelData { TimedHistories = few }, ModelFitSettings.Default, CancellationToken.None));
        var noRepeats = Enumerable.Repeat(new TimedHistory(0, 0, 20, 0), 50).ToArray();
        var error = Assert.Throws<ModelFitException>(() => Definition.Fit(new ModelData { TimedHistories = noRepeats }, ModelFitSettings.Default, CancellationToken.None));
        Assert.Contains("repeat", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_stops_when_cancelled()
    {
        var histories = BgCnbdKSimulator.Simulate(new BgCnbdKParameters(2, 0.8, 2.0, 0.7, 2.5), Ages(500, 40, 80, 1), seed: 2);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Definition.Fit(new ModelData { TimedHistories = histories }, ModelFitSettings.Default, cancelled.Token));
    }

    internal static double[] Ages(int count, double from, double to, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => from + (to - from) * random.NextDouble())];
    }
}
