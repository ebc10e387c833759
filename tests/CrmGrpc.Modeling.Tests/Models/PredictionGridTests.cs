using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgNbd;
using CrmGrpc.Modeling.Models.ParetoNbd;

namespace CrmGrpc.Modeling.Tests.Models;

/// <summary>The frequency/recency grid: its axes, its cells, and its edges.</summary>
public sealed class PredictionGridTests
{
    private static readonly BgNbdPredictor Cdnow = new(new BgNbdParameters(0.243, 4.414, 0.793, 2.426));

    [Fact]
    public void Each_cell_is_the_predictor_at_that_history()
    {
        var pareto = ModelCatalog.Find(ModelKind.ParetoNbd)!.CreatePredictor(new ParameterSet(["r", "alpha", "s", "beta"], [0.553, 10.578, 0.606, 11.669]));
        var predictor = Assert.IsType<ParetoNbdPredictor>(pareto);

        var grid = PredictionGrid.Build(predictor, wholePeriods: false, maxFrequency: 30, recencySteps: 10, age: 38.86, horizon: 39);

        Assert.Equal(31, grid.Frequencies.Count);
        Assert.Equal(11, grid.Recencies.Count);
        Assert.Equal(38.86, grid.Recencies[^1]);
        for (var row = 0; row < grid.Frequencies.Count; row++)
        {
            for (var column = 0; column < grid.Recencies.Count; column++)
            {
                var history = new TimedHistory(row, row == 0 ? 0 : grid.Recencies[column], 38.86, 0);
                Assert.Equal(predictor.ProbabilityAlive(history), grid.ProbabilityAlive[row, column]);
                Assert.Equal(predictor.ExpectedPurchases(history, 39), grid.ExpectedPurchases[row, column]);
                Assert.True(double.IsFinite(grid.ProbabilityAlive[row, column]) && double.IsFinite(grid.ExpectedPurchases[row, column]));
            }
        }
    }

    [Fact]
    public void At_age_zero_every_column_is_recency_zero_and_finite()
    {
        var grid = PredictionGrid.Build(Cdnow, wholePeriods: false, maxFrequency: 3, recencySteps: 4, age: 0, horizon: 52);

        Assert.All(grid.Recencies, r => Assert.Equal(0, r));
        Assert.All(grid.ProbabilityAlive.Cast<double>(), p => Assert.InRange(p, 0, 1));
    }

    [Fact]
    public void A_period_grid_floors_the_age_and_has_at_most_one_purchase_per_period()
    {
        var grid = PredictionGrid.Build(Cdnow, wholePeriods: true, maxFrequency: 20, recencySteps: 20, age: 6.7, horizon: 1);

        Assert.Equal([0, 1, 2, 3, 4, 5, 6], grid.Recencies);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], grid.Frequencies);
        Assert.True(double.IsNaN(grid.ProbabilityAlive[3, 2]));
        Assert.False(double.IsNaN(grid.ProbabilityAlive[3, 3]));
    }

    [Theory]
    [InlineData(-1, 10, 1.0, 1.0)]
    [InlineData(201, 10, 1.0, 1.0)]
    [InlineData(10, 0, 1.0, 1.0)]
    [InlineData(10, 201, 1.0, 1.0)]
    [InlineData(10, 10, double.NaN, 1.0)]
    [InlineData(10, 10, 1.0, -1.0)]
    public void Sizes_and_times_out_of_range_are_refused(int maxFrequency, int recencySteps, double age, double horizon) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => PredictionGrid.Build(Cdnow, false, maxFrequency, recencySteps, age, horizon));
}
