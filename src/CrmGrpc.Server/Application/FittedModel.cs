using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Modeling;
using Google.Protobuf;
using Proto = CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Application;

/// <summary>A stored fit, ready to predict with.</summary>
public sealed record FittedModel(Proto.Model Message, BgNbdParameters Transactions, GammaGammaParameters? Spend, TimeUnit Unit)
{
    public string Id => Message.Id;

    public DateTimeOffset CalibrationEnd => Message.CalibrationEnd.ToDateTimeOffset();

    /// <summary>The default horizon: a year in the model's unit.</summary>
    public double DefaultHorizon => Unit == TimeUnit.Weeks ? 52 : 365;

    public static FittedModel From(StoredModel stored)
    {
        var proto = Proto.Model.Parser.ParseJson(stored.Fit);
        var bg = proto.BgNbd;
        var gg = proto.GammaGamma;
        return new FittedModel(
            proto,
            new BgNbdParameters(bg.R, bg.Alpha, bg.A, bg.B),
            gg is null ? null : new GammaGammaParameters(gg.P, gg.Q, gg.Gamma),
            proto.TimeUnit == Proto.TimeUnit.Days ? TimeUnit.Days : TimeUnit.Weeks);
    }

    public string ToJson() => JsonFormatter.Default.Format(Message);
}

/// <summary>Finds the fit a request names, or the latest.</summary>
public sealed class ModelResolver(ModelRepository models)
{
    /// <summary>The named fit (NOT_FOUND when unknown), or the latest; null when none has been fitted.</summary>
    public async Task<FittedModel?> ResolveAsync(string modelId, CancellationToken cancellationToken)
    {
        if (modelId.Length > 0)
        {
            var stored = await models.GetAsync(modelId, cancellationToken) ?? throw new NotFoundException("model", modelId);
            return FittedModel.From(stored);
        }

        return await models.LatestAsync(cancellationToken) is { } latest ? FittedModel.From(latest) : null;
    }
}
