using CrmGrpc.Contracts.V1;
using CrmGrpc.Modeling;
using TimeUnit = CrmGrpc.Contracts.V1.TimeUnit;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>CreateModel: parameters fitted elsewhere are stored, validated field by field, and serve predictions like a fit.</summary>
public sealed class CreateModelTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly Timestamp CalibrationEnd = Rows.At(30);

    private ModelService.ModelServiceClient Models => new(fixture.Server.Channel);

    private static ModelParameters BgNbd(params (string Name, double Value)[] parameters)
    {
        var model = new ModelParameters { Kind = ModelKind.BgNbd, TimeUnit = TimeUnit.Weeks, CalibrationEnd = CalibrationEnd };
        foreach (var (name, value) in parameters)
        {
            model.Parameters[name] = value;
        }

        return model;
    }

    private static readonly (string, double)[] Published = [("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)];

    [Fact]
    public async Task A_created_model_is_stored_and_its_predictions_are_the_models_formulas()
    {
        var customer = Rows.Unique("cm");
        await Streams.ImportAsync(fixture.Server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { Rows.Customer(customer) } }]);
        await Streams.ImportAsync(fixture.Server.Transactions.ImportTransactions(), [new ImportTransactionsRequest
        {
            Transactions = { Rows.Purchase(customer + "-1", customer, day: 1), Rows.Purchase(customer + "-2", customer, day: 8), Rows.Purchase(customer + "-3", customer, day: 15) },
        }]);
        var given = BgNbd(Published);
        given.SpendParameters.Add(new Dictionary<string, double> { ["p"] = 6.25, ["q"] = 3.74, ["gamma"] = 15.44 });

        var created = (await Models.CreateModelAsync(new CreateModelRequest { Model = given })).Model;

        Assert.StartsWith("mdl_", created.Id, StringComparison.Ordinal);
        Assert.Equal(created, (await Models.GetModelAsync(new GetModelRequest { ModelId = created.Id })).Model);
        var fit = Assert.Single(created.Fits, f => f.Kind == ModelKind.BgNbd);
        Assert.True(fit.Created);
        Assert.Equal(0.243, fit.Parameters["r"]);
        Assert.Equal(0.243, created.BgNbd.R);
        Assert.Equal(6.25, created.GammaGamma.P);

        var metrics = await fixture.Server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = customer, ModelId = created.Id, Horizon = 10 });
        // Three purchase days a week apart, calibration end 29 days after the first: x = 2, t_x = 2, T = 29/7 weeks.
        var parameters = new BgNbdParameters(0.243, 4.414, 0.793, 2.426);
        Assert.Equal(created.Id, metrics.ModelId);
        Assert.Equal(parameters.ProbabilityAlive(2, 2, 29.0 / 7), metrics.ProbabilityAlive, 1e-12);
        Assert.True(metrics.HasPredictiveClv);
        Assert.Equal(parameters.ConditionalExpectedPurchases(10, 2, 2, 29.0 / 7), metrics.ExpectedPurchases, 1e-9);
    }

    [Fact]
    public async Task Spend_parameters_whose_mean_is_past_doubles_range_leave_the_value_and_CLV_unavailable_with_the_reason()
    {
        var customer = Rows.Unique("cm-inf");
        await Streams.ImportAsync(fixture.Server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { Rows.Customer(customer) } }]);
        await Streams.ImportAsync(fixture.Server.Transactions.ImportTransactions(), [new ImportTransactionsRequest
        {
            Transactions = { Rows.Purchase(customer + "-1", customer, day: 1), Rows.Purchase(customer + "-2", customer, day: 8) },
        }]);
        var given = BgNbd(Published);
        // (γ + m̄x)·p overflows: p·γ = 1e600.
        given.SpendParameters.Add(new Dictionary<string, double> { ["p"] = 1e300, ["q"] = 30, ["gamma"] = 1e300 });
        var created = (await Models.CreateModelAsync(new CreateModelRequest { Model = given })).Model;

        var metrics = await fixture.Server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = customer, ModelId = created.Id });

        Assert.True(metrics.HasProbabilityAlive);
        Assert.False(metrics.HasPredictiveClv);
        var unavailable = Assert.Single(metrics.Unavailable, u => u.Metric == "predictiveClv");
        Assert.Contains("not a finite number", unavailable.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "model.parameters.b")]
    [InlineData("unknown", "model.parameters.s")]
    [InlineData("zero", "model.parameters.alpha")]
    [InlineData("negative", "model.parameters.a")]
    [InlineData("nan", "model.parameters.r")]
    public async Task A_bad_parameter_is_INVALID_ARGUMENT_naming_it(string fault, string field)
    {
        var model = fault switch
        {
            "missing" => BgNbd(("r", 0.2), ("alpha", 4), ("a", 0.8)),
            "unknown" => BgNbd([.. Published, ("s", 1)]),
            "zero" => BgNbd(("r", 0.2), ("alpha", 0), ("a", 0.8), ("b", 2)),
            "negative" => BgNbd(("r", 0.2), ("alpha", 4), ("a", -0.8), ("b", 2)),
            _ => BgNbd(("r", double.NaN), ("alpha", 4), ("a", 0.8), ("b", 2)),
        };

        var error = await Streams.FailsWith(StatusCode.InvalidArgument, () => Models.CreateModelAsync(new CreateModelRequest { Model = model }).ResponseAsync);

        Assert.Contains(Streams.FieldViolations(error), v => v.Field == field);
    }

    [Fact]
    public async Task A_missing_kind_unit_or_calibration_end_and_bad_spend_are_named()
    {
        var model = new ModelParameters { Kind = ModelKind.Unspecified, TimeUnit = TimeUnit.Unspecified };
        model.SpendParameters.Add(new Dictionary<string, double> { ["p"] = 1, ["q"] = -1, ["delta"] = 2 });

        var error = await Streams.FailsWith(StatusCode.InvalidArgument, () => Models.CreateModelAsync(new CreateModelRequest { Model = model }).ResponseAsync);

        var fields = Streams.FieldViolations(error).Select(v => v.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "model.kind", "model.time_unit", "model.calibration_end", "model.spend_parameters.q", "model.spend_parameters.gamma", "model.spend_parameters.delta" }, fields);
        await Streams.FailsWith(StatusCode.InvalidArgument, () => Models.CreateModelAsync(new CreateModelRequest()).ResponseAsync);
    }

    [Fact]
    public async Task A_continuous_time_model_in_calendar_months_is_refused()
    {
        var model = BgNbd(Published);
        model.TimeUnit = TimeUnit.Months;

        var error = await Streams.FailsWith(StatusCode.InvalidArgument, () => Models.CreateModelAsync(new CreateModelRequest { Model = model }).ResponseAsync);

        Assert.Contains(Streams.FieldViolations(error), v => v.Field == "model.time_unit");
    }
}
