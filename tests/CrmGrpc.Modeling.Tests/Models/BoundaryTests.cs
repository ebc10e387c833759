using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.MbgNbd;
using CrmGrpc.Modeling.Models.ParetoNbd;
using CrmGrpc.Modeling.Tests.Models.MbgNbd;
using CrmGrpc.Modeling.Tests.Models.ParetoNbd;

namespace CrmGrpc.Modeling.Tests.Models;

public class BoundaryTests
{
    private static ModelFit Fit(IModelDefinition definition, CustomerSummary[] customers, CancellationToken cancellationToken = default) =>
        definition.Fit(new ModelData { Histories = SummaryCollapser.Collapse(customers) }, ModelFitSettings.Default, cancellationToken);

    [Fact]
    public void Pareto_fit_of_a_book_without_dropout_ends_at_a_limit_with_a_warning_no_standard_errors_and_finite_estimates()
    {
        // Lifetimes of mean 1/(s/β) = 1e7 weeks: nobody leaves within the 52 observed. A small book: at the limit
        // β ≫ α the tails need the quadrature (~0.1 ms each), so this fit is slow by nature.
        var book = ParetoNbdSimulator.Simulate(400, 0.8, 6, 1, 1e7, 52, seed: 11, grid: 1.0 / 7);
        var fit = Fit(new ParetoNbdDefinition(), book);

        Assert.NotEmpty(fit.Warnings);
        Assert.Null(fit.StandardErrors);
        Assert.All(fit.Parameters.Values, v => Assert.True(double.IsFinite(v) && v > 0));
        Assert.True(double.IsFinite(fit.LogLikelihood));
        // Mean dropout rate s/β: expected lifetimes beyond 20 times the 52 weeks observed.
        Assert.True(fit.Parameters["s"] / fit.Parameters["beta"] < 1.0 / (20 * 52), fit.Parameters.ToString());
    }

    [Fact]
    public void Mbg_fit_of_a_book_without_dropout_ends_at_a_limit_with_a_warning_no_standard_errors_and_finite_estimates()
    {
        var book = MbgNbdSimulator.Simulate(2_000, 0.8, 6, 1e-9, 1e3, 52, seed: 12);
        var fit = Fit(new MbgNbdDefinition(), book);

        Assert.NotEmpty(fit.Warnings);
        Assert.Null(fit.StandardErrors);
        Assert.All(fit.Parameters.Values, v => Assert.True(double.IsFinite(v) && v > 0));
        Assert.True(double.IsFinite(fit.LogLikelihood));
    }

    [Fact]
    public void Fits_stop_with_OperationCanceledException_when_the_token_is_cancelled()
    {
        var pareto = ParetoNbdSimulator.Simulate(2_000, 0.6, 8, 0.9, 15, 52, seed: 3);
        var mbg = MbgNbdSimulator.Simulate(2_000, 0.5, 6, 0.9, 1.6, 52, seed: 4);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Fit(new ParetoNbdDefinition(), pareto, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Fit(new MbgNbdDefinition(), mbg, cancelled.Token));
    }

    [Fact]
    public void Fits_reject_a_negative_penalizer_coefficient()
    {
        var data = new ModelData { Histories = [new WeightedSummary(1, 1, 2, 20)] };
        var settings = ModelFitSettings.Default with { PenalizerCoefficient = -1 };
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParetoNbdDefinition().Fit(data, settings, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MbgNbdDefinition().Fit(data, settings, CancellationToken.None));
    }
}
