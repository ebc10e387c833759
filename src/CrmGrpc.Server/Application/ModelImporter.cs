using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Server.Mapping;
using Google.Protobuf.WellKnownTypes;
using Proto = CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Application;

/// <summary>Stores models fitted elsewhere (lifetimes, PyMC-Marketing, CLVTools) so that they serve predictions like a fit.</summary>
public sealed class ModelImporter(IModelRepository models, TimeProvider time)
{
    private static readonly string[] SpendNames = ["p", "q", "gamma"];

    /// <summary>What is wrong with Gamma-Gamma parameters given under <paramref name="field"/>: each of p, q, gamma once, positive and finite.</summary>
    public static IEnumerable<FieldViolation> SpendViolations(IReadOnlyDictionary<string, double> parameters, string field)
    {
        foreach (var name in parameters.Keys.Where(name => !SpendNames.Contains(name)).Order(StringComparer.Ordinal))
        {
            yield return new FieldViolation($"{field}.{name}", "Gamma-Gamma has no such parameter (it has p, q, gamma)");
        }

        foreach (var name in SpendNames)
        {
            if (!parameters.TryGetValue(name, out var value))
            {
                yield return new FieldViolation($"{field}.{name}", "is required");
            }
            else if (!double.IsFinite(value) || value <= 0)
            {
                yield return new FieldViolation($"{field}.{name}", FormattableString.Invariant($"must be a positive finite number, was {value}"));
            }
        }
    }

    /// <summary>Stores validated parameters as a model and returns it.</summary>
    public async Task<FittedModel> CreateAsync(Proto.ModelParameters given, IModelDefinition definition, TimeUnit unit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var model = ToModel(given, definition, unit, now);
        var created = FittedModel.From(model);
        await models.InsertAsync(new StoredModel(model.Id, now, ProtoTime.ToInstant(given.CalibrationEnd), (int)model.TimeUnit, given.Segment, 0, created.ToJson()), cancellationToken);
        return created;
    }

    /// <summary>The model message of validated parameters, created at <paramref name="now"/>.</summary>
    public static Proto.Model ToModel(Proto.ModelParameters given, IModelDefinition definition, TimeUnit unit, DateTimeOffset now)
    {
        var model = new Proto.Model
        {
            Id = "mdl_" + Guid.CreateVersion7(now).ToString("N"),
            CalibrationEnd = given.CalibrationEnd,
            TimeUnit = ModelMapper.ToProto(unit),
            Segment = given.Segment,
            CreateTime = Timestamp.FromDateTimeOffset(now),
        };
        var parameters = ModelMapper.ToParameterSet(given.Parameters, definition);
        var fit = new Proto.ModelFit { Kind = ModelMapper.ToProto(definition.Kind), Converged = true, Created = true };
        fit.Parameters.Add(parameters.Pairs().ToDictionary());
        model.Fits.Add(fit);
        if (definition.Kind == ModelKind.BgNbd)
        {
            model.BgNbd = new Proto.BgNbdFit { R = parameters["r"], Alpha = parameters["alpha"], A = parameters["a"], B = parameters["b"], Converged = true };
        }

        if (given.SpendParameters.Count > 0)
        {
            var spend = new Proto.ModelFit { Kind = Proto.ModelKind.GammaGamma, Converged = true, Created = true };
            spend.Parameters.Add(given.SpendParameters);
            model.Fits.Add(spend);
            model.GammaGamma = new Proto.GammaGammaFit
            {
                P = given.SpendParameters["p"],
                Q = given.SpendParameters["q"],
                Gamma = given.SpendParameters["gamma"],
                Converged = true,
            };
        }

        model.Warnings.Add($"{definition.DisplayName}: parameters given by CreateModel, not fitted here");
        return model;
    }
}
