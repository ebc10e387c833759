using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>FitModels' new fields are checked before any work: the model list, calendar units, the holdout end.</summary>
public sealed class FitModelsRequestTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ModelService.ModelServiceClient Models => new(fixture.Server.Channel);

    private static FitModelsRequest Request() => new() { CalibrationEnd = Rows.At(30), TimeUnit = TimeUnit.Weeks };

    private async Task<IReadOnlyList<string>> ViolatedFieldsAsync(FitModelsRequest request) =>
        [.. Streams.FieldViolations(await Streams.FailsWith(StatusCode.InvalidArgument, () => Models.FitModelsAsync(request).ResponseAsync)).Select(v => v.Field)];

    [Fact]
    public async Task A_model_named_twice_or_unspecified_is_named_by_its_index()
    {
        var request = Request();
        request.Models.Add([ModelKind.BgNbd, ModelKind.Unspecified, ModelKind.BgNbd, (ModelKind)99]);

        var violations = Streams.FieldViolations(await Streams.FailsWith(StatusCode.InvalidArgument, () => Models.FitModelsAsync(request).ResponseAsync));
        Assert.Equal(["models[1]", "models[2]", "models[3]"], violations.Select(v => v.Field));
        Assert.EndsWith("was MODEL_KIND_UNSPECIFIED", violations[0].Description, StringComparison.Ordinal);
        Assert.Equal("bg-nbd is named twice", violations[1].Description);
        Assert.EndsWith("was 99", violations[2].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_months_are_refused_for_a_continuous_time_model_and_for_the_default_models()
    {
        var request = Request();
        request.TimeUnit = TimeUnit.Months;
        Assert.Equal(["time_unit"], await ViolatedFieldsAsync(request));

        request.Models.Add(ModelKind.BgNbd);
        Assert.Equal(["time_unit"], await ViolatedFieldsAsync(request));
    }

    [Fact]
    public async Task A_holdout_end_on_or_before_the_calibration_end_day_is_refused()
    {
        var request = Request();
        request.HoldoutEnd = Timestamp.FromDateTimeOffset(Rows.Day.AddDays(30).AddHours(20));

        Assert.Equal(["holdout_end"], await ViolatedFieldsAsync(request));
    }
}
