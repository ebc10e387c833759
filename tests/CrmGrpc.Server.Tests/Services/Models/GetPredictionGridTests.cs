using CrmGrpc.Contracts.V1;
using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models.BgBb;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TimeUnit = CrmGrpc.Contracts.V1.TimeUnit;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>GetPredictionGrid: a stored model's predictions over frequency × recency, by the model's own formulas.</summary>
public sealed class GetPredictionGridTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    // This class's book: its earliest purchase is on day 1, so the default age is 69 days at this calibration end.
    private static readonly Timestamp CalibrationEnd = Rows.At(70);

    private ModelService.ModelServiceClient Models => new(fixture.Server.Channel);

    private async Task<string> CreateAsync(ModelKind kind, TimeUnit unit, params (string Name, double Value)[] parameters)
    {
        var customer = Rows.Unique("grid");
        await Streams.ImportAsync(fixture.Server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { Rows.Customer(customer) } }]);
        await Streams.ImportAsync(fixture.Server.Transactions.ImportTransactions(), [new ImportTransactionsRequest
        {
            Transactions = { Rows.Purchase(customer + "-1", customer, day: 1), Rows.Purchase(customer + "-2", customer, day: 40) },
        }]);
        var model = new ModelParameters { Kind = kind, TimeUnit = unit, CalibrationEnd = CalibrationEnd };
        foreach (var (name, value) in parameters)
        {
            model.Parameters[name] = value;
        }

        return (await Models.CreateModelAsync(new CreateModelRequest { Model = model })).Model.Id;
    }

    [Fact]
    public async Task A_BG_NBD_grid_is_the_models_P_alive_and_expectations_at_every_cell_with_the_books_age_by_default()
    {
        var id = await CreateAsync(ModelKind.BgNbd, TimeUnit.Weeks, ("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426));

        var grid = await Models.GetPredictionGridAsync(new GetPredictionGridRequest { ModelId = id, MaxFrequency = 12, RecencySteps = 6 });

        var parameters = new BgNbdParameters(0.243, 4.414, 0.793, 2.426);
        Assert.Equal(ModelKind.BgNbd, grid.Kind);
        Assert.Equal(TimeUnit.Weeks, grid.TimeUnit);
        Assert.Equal(69.0 / 7, grid.Age, 12);
        Assert.Equal(52, grid.Horizon);
        Assert.Equal(Enumerable.Range(0, 13), grid.Frequencies);
        Assert.Equal(7, grid.Recencies.Count);
        Assert.Equal(0, grid.Recencies[0]);
        Assert.Equal(grid.Age, grid.Recencies[^1]);
        Assert.Equal(13, grid.Rows.Count);
        foreach (var row in grid.Rows)
        {
            Assert.Equal(grid.Recencies.Count, row.ProbabilityAlive.Count);
            for (var column = 0; column < grid.Recencies.Count; column++)
            {
                // No repeat purchase means no recency: that row is the history (0, 0, T) throughout.
                var recency = row.Frequency == 0 ? 0 : grid.Recencies[column];
                Assert.Equal(parameters.ProbabilityAlive(row.Frequency, recency, grid.Age), row.ProbabilityAlive[column], 12);
                Assert.Equal(parameters.ConditionalExpectedPurchases(52, row.Frequency, recency, grid.Age), row.ExpectedPurchases[column], 9);
            }
        }
    }

    [Fact]
    public async Task A_given_age_and_horizon_are_used_as_asked()
    {
        var id = await CreateAsync(ModelKind.BgNbd, TimeUnit.Days, ("r", 0.5), ("alpha", 30), ("a", 0.5), ("b", 3));

        var grid = await Models.GetPredictionGridAsync(new GetPredictionGridRequest { ModelId = id, Age = 100, Horizon = 30, RecencySteps = 4 });

        Assert.Equal(100, grid.Age);
        Assert.Equal(30, grid.Horizon);
        Assert.Equal([0, 25, 50, 75, 100], grid.Recencies);
        Assert.Equal(21, grid.Rows.Count); // the default 20 frequencies, and 0
        var parameters = new BgNbdParameters(0.5, 30, 0.5, 3);
        Assert.Equal(parameters.ConditionalExpectedPurchases(30, 4, 50, 100), grid.Rows[4].ExpectedPurchases[2], 9);
    }

    [Fact]
    public async Task A_BG_BB_grid_in_months_has_whole_periods_and_no_value_where_no_history_can_be()
    {
        var id = await CreateAsync(ModelKind.BgBb, TimeUnit.Months, ("alpha", 1.204), ("beta", 0.75), ("gamma", 0.657), ("delta", 2.783));

        var grid = await Models.GetPredictionGridAsync(new GetPredictionGridRequest { ModelId = id, Horizon = 6 });

        // Earliest purchase 2024-03-02, calibration end 2024-05-10: the whole months after March that have ended are April.
        Assert.Equal(1, grid.Age);
        Assert.Equal([0, 1], grid.Recencies);
        Assert.Equal([0, 1], grid.Frequencies);
        var parameters = new BgBbParameters(1.204, 0.75, 0.657, 2.783);
        Assert.Equal(parameters.ProbabilityAlive(0, 0, 1), grid.Rows[0].ProbabilityAlive[1], 12);
        Assert.True(double.IsNaN(grid.Rows[1].ProbabilityAlive[0])); // a purchase in no period
        Assert.Equal(parameters.ConditionalExpectedPurchases(6, 1, 1, 1), grid.Rows[1].ExpectedPurchases[1], 12);

        var wide = await Models.GetPredictionGridAsync(new GetPredictionGridRequest { ModelId = id, Age = 40, RecencySteps = 8, MaxFrequency = 50 });
        Assert.Equal([0, 5, 10, 15, 20, 25, 30, 35, 40], wide.Recencies);
        Assert.Equal(41, wide.Frequencies.Count); // at most one purchase per period
        Assert.Equal(parameters.ProbabilityAlive(7, 10, 40), wide.Rows[7].ProbabilityAlive[2], 12);
        Assert.True(double.IsNaN(wide.Rows[11].ExpectedPurchases[2]));
    }

    [Fact]
    public async Task A_model_without_a_purchase_model_is_FAILED_PRECONDITION_and_an_unknown_one_NOT_FOUND()
    {
        var id = await CreateAsync(ModelKind.Sbg, TimeUnit.Years, ("alpha", 0.704), ("beta", 1.182));

        var error = await Streams.FailsWith(StatusCode.FailedPrecondition, () => Models.GetPredictionGridAsync(new GetPredictionGridRequest { ModelId = id }).ResponseAsync);
        Assert.Contains("sbg", error.Status.Detail, StringComparison.Ordinal);
        await Streams.FailsWith(StatusCode.NotFound, () => Models.GetPredictionGridAsync(new GetPredictionGridRequest { ModelId = "mdl_nobody" }).ResponseAsync);
    }

    [Theory]
    [InlineData("model_id", "", 0, 0, 0.0, 0.0)]
    [InlineData("max_frequency", "m", -1, 0, 0.0, 0.0)]
    [InlineData("max_frequency", "m", 201, 0, 0.0, 0.0)]
    [InlineData("recency_steps", "m", 0, 201, 0.0, 0.0)]
    [InlineData("age", "m", 0, 0, -1.0, 0.0)]
    [InlineData("age", "m", 0, 0, double.NaN, 0.0)]
    [InlineData("horizon", "m", 0, 0, 0.0, double.PositiveInfinity)]
    [InlineData("horizon", "m", 0, 0, 0.0, 100_001.0)]
    public async Task Bad_fields_are_INVALID_ARGUMENT_naming_them(string field, string modelId, int maxFrequency, int recencySteps, double age, double horizon)
    {
        var request = new GetPredictionGridRequest { ModelId = modelId, MaxFrequency = maxFrequency, RecencySteps = recencySteps, Age = age, Horizon = horizon };

        var error = await Streams.FailsWith(StatusCode.InvalidArgument, () => Models.GetPredictionGridAsync(request).ResponseAsync);

        Assert.Contains(Streams.FieldViolations(error), v => v.Field == field);
    }
}
