using CrmGrpc.Contracts.V1;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Server.Tests.Fuzzing;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Xunit.Abstractions;
using ModelKind = CrmGrpc.Contracts.V1.ModelKind;
using TimeUnit = CrmGrpc.Contracts.V1.TimeUnit;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>
/// Every model CreateModel accepts serves the per-customer, segment and grid calls without INTERNAL, whatever its (valid)
/// parameters' magnitude, unit and calibration end: an accepted model is one a later call without a model id uses as
/// the latest.
/// </summary>
public sealed class CreatedModelExtremesTests(ServerFixture fixture, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private static readonly double[] Magnitudes = [1e-300, 1e-9, 0.05, 1, 30, 1e9, 1e300];

    private static readonly TimeUnit[] Units = [TimeUnit.Days, TimeUnit.Weeks, TimeUnit.Months, TimeUnit.Years];

    private static readonly DateTimeOffset[] CalibrationEnds =
    [
        new(1971, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2023, 3, 1, 0, 0, 0, TimeSpan.Zero), new(2023, 6, 30, 0, 0, 0, TimeSpan.Zero),
        new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero),
    ];

    private static readonly Timestamp[] AsOfs =
    [
        Timestamp.FromDateTimeOffset(new DateTimeOffset(2023, 4, 7, 19, 47, 52, TimeSpan.Zero)),
        Timestamp.FromDateTimeOffset(new DateTimeOffset(1970, 1, 2, 0, 0, 0, TimeSpan.Zero)),
        Timestamp.FromDateTimeOffset(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero)),
    ];

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);

    public static TheoryData<int> Kinds => [.. ModelCatalog.All.Select(definition => (int)definition.Kind)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Per_customer_segment_and_grid_calls_never_fail_with_INTERNAL_for_any_accepted_model(int kind)
    {
        await FuzzBook.LoadAsync(fixture.Server);
        var definition = ModelCatalog.Find((CrmGrpc.Modeling.Models.ModelKind)kind)!;
        var models = new ModelService.ModelServiceClient(fixture.Server.Channel);
        var random = new Random(kind);
        var failures = new List<string>();
        var accepted = 0;
        for (var round = 0; round < 40; round++)
        {
            var given = new ModelParameters
            {
                Kind = (ModelKind)kind,
                TimeUnit = Units[random.Next(Units.Length)],
                CalibrationEnd = Timestamp.FromDateTimeOffset(CalibrationEnds[random.Next(CalibrationEnds.Length)]),
            };
            foreach (var name in definition.ParameterNames)
            {
                given.Parameters[name] = name == "k" ? random.Next(1, 4) : Magnitudes[random.Next(Magnitudes.Length)];
            }

            if (random.Next(2) == 0)
            {
                given.SpendParameters.Add(new Dictionary<string, double>
                {
                    ["p"] = Magnitudes[random.Next(Magnitudes.Length)], ["q"] = Magnitudes[random.Next(Magnitudes.Length)],
                    ["gamma"] = Magnitudes[random.Next(Magnitudes.Length)],
                });
            }

            string id;
            try
            {
                id = (await models.CreateModelAsync(new CreateModelRequest { Model = given })).Model.Id;
            }
            catch (RpcException refused) when (refused.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition)
            {
                continue;
            }

            accepted++;
            var asOf = AsOfs[random.Next(AsOfs.Length)];
            var horizon = random.Next(3) switch { 0 => (double?)null, 1 => 0, _ => 100_000 };
            await Expect(failures, given, "StreamCustomerMetrics", async deadline =>
            {
                var request = new StreamCustomerMetricsRequest { AsOf = asOf, ChurnDefinition = new ChurnDefinition { InactivityDays = 210 } };
                if (horizon is { } h)
                {
                    request.Horizon = h;
                }

                using var call = fixture.Server.Metrics.StreamCustomerMetrics(request, deadline: deadline);
                await foreach (var _ in call.ResponseStream.ReadAllAsync())
                {
                }
            });
            await Expect(failures, given, "GetCustomerMetrics", deadline => fixture.Server.Metrics.GetCustomerMetricsAsync(
                new GetCustomerMetricsRequest { CustomerId = FuzzBook.CustomerId(1), ModelId = id, AsOf = asOf }, deadline: deadline).ResponseAsync);
            foreach (var segmentation in new[] { SegmentationKind.ClvTiers, SegmentationKind.AtRisk })
            {
                await Expect(failures, given, $"SegmentCustomers {segmentation}", deadline => fixture.Server.Metrics.SegmentCustomersAsync(
                    new SegmentCustomersRequest { Kind = segmentation, ModelId = id, AsOf = asOf }, deadline: deadline).ResponseAsync);
            }

            await Expect(failures, given, "GetPredictionGrid", deadline => models.GetPredictionGridAsync(
                new GetPredictionGridRequest { ModelId = id, MaxFrequency = 5, RecencySteps = 3 }, deadline: deadline).ResponseAsync);
        }

        output.WriteLine($"{accepted} models accepted of 40");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Runs one call with a deadline far above what it takes (milliseconds): a BG/BB model with γ = 1e300 once took
    /// minutes per call (P(alive) and ln 0 recomputed for every month of the horizon).
    /// </summary>
    private static async Task Expect(List<string> failures, ModelParameters given, string call, Func<DateTime, Task> run)
    {
        try
        {
            await run(DateTime.UtcNow.Add(CallDeadline));
        }
        catch (RpcException failure) when (failure.StatusCode is StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss or StatusCode.DeadlineExceeded)
        {
            failures.Add($"{call} {failure.StatusCode} with {given}: {failure.Status.Detail}");
        }
        catch (RpcException)
        {
        }
    }
}
