using System.Diagnostics;
using CrmGrpc.Bench.Book;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CrmGrpc.Bench.Measurement;

/// <summary>
/// Each model beyond BG/NBD fitted alone on the whole book, as a caller would (issue 17: "fitSeconds per model"):
/// Pareto/NBD, MBG/NBD and BG/CNBD-k in weeks; BG/BB in calendar months (the synthetic book spans two years: 24
/// periods); sBG in months, which the synthetic book cannot identify (it records no churn) and says so.
/// </summary>
internal static class ModelFitTimings
{
    private static readonly (ModelKind Kind, string Name, Contracts.V1.TimeUnit Unit)[] Models =
    [
        (ModelKind.ParetoNbd, "pareto-nbd", Contracts.V1.TimeUnit.Weeks),
        (ModelKind.MbgNbd, "mbg-nbd", Contracts.V1.TimeUnit.Weeks),
        (ModelKind.BgCnbdK, "bg-cnbd-k", Contracts.V1.TimeUnit.Weeks),
        (ModelKind.BgBb, "bg-bb", Contracts.V1.TimeUnit.Months),
        (ModelKind.Sbg, "sbg", Contracts.V1.TimeUnit.Months),
    ];

    /// <summary>The stored Pareto/NBD model of the last measurement, for a recalculation with it.</summary>
    public static string? ParetoModelId { get; private set; }

    public static async Task<IReadOnlyList<ModelFitTiming>> MeasureAsync(ModelService.ModelServiceClient models, CancellationToken cancellationToken)
    {
        var timings = new List<ModelFitTiming>();
        foreach (var (kind, name, unit) in Models)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var response = await models.FitModelsAsync(new FitModelsRequest
                {
                    CalibrationEnd = Timestamp.FromDateTimeOffset(SyntheticBook.LastDay),
                    TimeUnit = unit,
                    Models = { kind },
                }, cancellationToken: cancellationToken);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                timings.Add(new ModelFitTiming(name, unit.ToString().ToLowerInvariant(), seconds, response.Fits[0].LogLikelihood, null));
                if (kind == ModelKind.ParetoNbd)
                {
                    ParetoModelId = response.ModelId;
                }
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.FailedPrecondition)
            {
                timings.Add(new ModelFitTiming(name, unit.ToString().ToLowerInvariant(), null, null, refused.Status.Detail));
            }
        }

        return timings;
    }
}
