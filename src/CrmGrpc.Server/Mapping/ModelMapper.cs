using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Validation;
using CrmGrpc.Server.Application;
using Google.Protobuf.WellKnownTypes;
using Proto = CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Mapping;

/// <summary>Models between the contract and the modeling project.</summary>
public static class ModelMapper
{
    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    public static Proto.TimeUnit ToProto(TimeUnit unit) => unit switch
    {
        TimeUnit.Days => Proto.TimeUnit.Days,
        TimeUnit.Weeks => Proto.TimeUnit.Weeks,
        TimeUnit.Months => Proto.TimeUnit.Months,
        TimeUnit.Years => Proto.TimeUnit.Years,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };

    /// <summary>The modeling unit of a contract unit; null for TIME_UNIT_UNSPECIFIED or an unknown value.</summary>
    public static TimeUnit? FromProto(Proto.TimeUnit unit) => unit switch
    {
        Proto.TimeUnit.Days => TimeUnit.Days,
        Proto.TimeUnit.Weeks => TimeUnit.Weeks,
        Proto.TimeUnit.Months => TimeUnit.Months,
        Proto.TimeUnit.Years => TimeUnit.Years,
        _ => null,
    };

    /// <summary>The modeling kind of a contract kind; null for MODEL_KIND_UNSPECIFIED or an unknown value.</summary>
    public static ModelKind? FromProto(Proto.ModelKind kind) =>
        kind is > Proto.ModelKind.Unspecified and <= Proto.ModelKind.GammaGamma ? (ModelKind)(int)kind : null;

    public static Proto.ModelKind ToProto(ModelKind kind) => (Proto.ModelKind)(int)kind;

    /// <summary>The caller-facing name of a kind (<c>pareto-nbd</c>, …).</summary>
    public static string Name(ModelKind kind) => ModelCatalog.Find(kind)?.Name ?? (kind == ModelKind.GammaGamma ? "gamma-gamma" : kind.ToString());

    public static Proto.ModelFit ToProto(ModelFit fit, double seconds)
    {
        var proto = new Proto.ModelFit
        {
            Kind = ToProto(fit.Kind),
            LogLikelihood = fit.LogLikelihood,
            Aic = fit.Aic,
            Bic = fit.Bic,
            Converged = fit.Converged,
            Iterations = fit.Iterations,
            Observations = fit.Observations,
            FitSeconds = seconds,
        };
        proto.Parameters.Add(fit.Parameters.Pairs().ToDictionary());
        if (fit.StandardErrors is { } errors)
        {
            proto.StandardErrors.Add(errors.Pairs().ToDictionary());
        }

        proto.Warnings.Add(fit.Warnings);
        return proto;
    }

    /// <summary>The Gamma-Gamma fit as one of the model's fits (its legacy message stays beside it).</summary>
    public static Proto.ModelFit ToProto(GammaGammaFitResult fit, double seconds)
    {
        var p = fit.Parameters;
        var proto = new Proto.ModelFit
        {
            Kind = Proto.ModelKind.GammaGamma,
            LogLikelihood = fit.LogLikelihood,
            Aic = (2 * 3) - (2 * fit.LogLikelihood),
            Bic = (3 * Math.Log(Math.Max(1, fit.CustomerCount))) - (2 * fit.LogLikelihood),
            Converged = fit.Converged,
            Iterations = fit.Iterations,
            Observations = fit.CustomerCount,
            FitSeconds = seconds,
        };
        proto.Parameters.Add(new Dictionary<string, double> { ["p"] = p.P, ["q"] = p.Q, ["gamma"] = p.Gamma });
        if (fit.StandardErrors is { } se)
        {
            proto.StandardErrors.Add(new Dictionary<string, double> { ["p"] = se.P, ["q"] = se.Q, ["gamma"] = se.Gamma });
        }

        proto.Warnings.Add(fit.Warnings);
        return proto;
    }

    /// <summary>The BG/NBD message that callers from before <c>fits</c> read.</summary>
    public static Proto.BgNbdFit ToLegacyBgNbd(ModelFit fit)
    {
        var p = fit.Parameters;
        var proto = new Proto.BgNbdFit
        {
            R = p["r"],
            Alpha = p["alpha"],
            A = p["a"],
            B = p["b"],
            LogLikelihood = fit.LogLikelihood,
            Converged = fit.Converged,
            Iterations = fit.Iterations,
        };
        if (fit.StandardErrors is { } se)
        {
            proto.StandardErrors.Add([se["r"], se["alpha"], se["a"], se["b"]]);
        }

        return proto;
    }

    public static Proto.HoldoutValidation ToProto(HoldoutResult result, long holdoutEndDay)
    {
        var proto = new Proto.HoldoutValidation
        {
            HoldoutEnd = Timestamp.FromDateTimeOffset(StartOf(holdoutEndDay)),
            ActualRepeatPurchases = result.ActualRepeatPurchases,
            PredictedRepeatPurchases = result.PredictedRepeatPurchases,
            MeanAbsoluteError = result.MeanAbsoluteError,
            RootMeanSquaredError = result.RootMeanSquaredError,
            Customers = result.Customers,
        };
        proto.Tracking.Add(result.Tracking.Select(point => new Proto.TrackingPoint
        {
            End = Timestamp.FromDateTimeOffset(StartOf(point.EndDay)),
            ActualCumulative = point.ActualCumulative,
            PredictedCumulative = point.PredictedCumulative,
        }));
        return proto;
    }

    /// <summary>A stored fit's parameters as the modeling project's set, in the model's own order when it is known.</summary>
    public static ParameterSet ToParameterSet(IReadOnlyDictionary<string, double> parameters, IModelDefinition? definition)
    {
        var names = definition is null
            ? parameters.Keys.Order(StringComparer.Ordinal).ToList()
            : [.. definition.ParameterNames.Where(parameters.ContainsKey), .. parameters.Keys.Where(k => !definition.ParameterNames.Contains(k)).Order(StringComparer.Ordinal)];
        return new ParameterSet(names, [.. names.Select(name => parameters[name])]);
    }

    private static DateTimeOffset StartOf(long day) => new(DateOnly.FromDayNumber(checked((int)(day + EpochDayNumber))).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static Proto.GetPredictionGridResponse ToProto(ModelGrid built)
    {
        var grid = built.Grid;
        var response = new Proto.GetPredictionGridResponse
        {
            ModelId = built.Model.Id,
            Kind = ToProto(built.Model.Purchases!.Kind),
            TimeUnit = built.Model.Message.TimeUnit,
            Age = grid.Age,
            Horizon = built.Horizon,
        };
        response.Frequencies.AddRange(grid.Frequencies);
        response.Recencies.AddRange(grid.Recencies);
        for (var row = 0; row < grid.Frequencies.Count; row++)
        {
            var message = new Proto.PredictionGridRow { Frequency = grid.Frequencies[row] };
            for (var column = 0; column < grid.Recencies.Count; column++)
            {
                message.ProbabilityAlive.Add(grid.ProbabilityAlive[row, column]);
                message.ExpectedPurchases.Add(grid.ExpectedPurchases[row, column]);
            }

            response.Rows.Add(message);
        }

        return response;
    }
}
