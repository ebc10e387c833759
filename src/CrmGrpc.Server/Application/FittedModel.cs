using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgNbd;
using CrmGrpc.Server.Mapping;
using Google.Protobuf;
using Proto = CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Application;

/// <summary>
/// A stored fit, ready to predict with: its first purchase model (in the order fitted) gives P(alive) and the expected
/// purchases, Gamma-Gamma the spend. Stored fits from before <c>fits</c> hold only the BG/NBD message, read as it is.
/// </summary>
public sealed record FittedModel(Proto.Model Message, IPurchasePredictor? Purchases, GammaGammaParameters? Spend, TimeUnit Unit)
{
    public string Id => Message.Id;

    public DateTimeOffset CalibrationEnd => Message.CalibrationEnd.ToDateTimeOffset();

    /// <summary>The default horizon: a year in the model's unit.</summary>
    public double DefaultHorizon => Unit switch
    {
        TimeUnit.Days => 365,
        TimeUnit.Weeks => 52,
        TimeUnit.Months => 12,
        _ => 1,
    };

    /// <summary>Whether the purchase model predicts per period (BG/BB): it needs each customer's purchase days, not just the totals.</summary>
    public bool TakesPeriods => PurchaseDefinition is { } definition && definition.Inputs.HasFlag(ModelInputs.DiscreteHistories);

    /// <summary>The purchase model's definition, when the model has one.</summary>
    public IModelDefinition? PurchaseDefinition => Purchases is null ? null : ModelCatalog.Find(Purchases.Kind);

    public static FittedModel From(StoredModel stored) => From(Proto.Model.Parser.ParseJson(stored.Fit));

    /// <summary>The predictors of a stored model message.</summary>
    /// <exception cref="ModelParameterException">A stored parameter is not valid for its model (never for a model this server stored).</exception>
    public static FittedModel From(Proto.Model proto)
    {
        var unit = ModelMapper.FromProto(proto.TimeUnit) ?? TimeUnit.Weeks;
        IPurchasePredictor? purchases = null;
        GammaGammaParameters? spend = null;
        foreach (var fit in proto.Fits)
        {
            if (ModelMapper.FromProto(fit.Kind) is not { } kind)
            {
                continue;
            }

            if (kind == ModelKind.GammaGamma)
            {
                spend ??= new GammaGammaParameters(fit.Parameters["p"], fit.Parameters["q"], fit.Parameters["gamma"]);
            }
            else if (purchases is null && ModelCatalog.Find(kind) is { Family: ModelFamily.Purchase } definition)
            {
                purchases = (IPurchasePredictor?)definition.CreatePredictor(ModelMapper.ToParameterSet(fit.Parameters, definition));
            }
        }

        if (proto.Fits.Count == 0 && proto.BgNbd is { } bg)
        {
            purchases = new BgNbdPredictor(new BgNbdParameters(bg.R, bg.Alpha, bg.A, bg.B));
        }

        if (spend is null && proto.GammaGamma is { } gg)
        {
            spend = new GammaGammaParameters(gg.P, gg.Q, gg.Gamma);
        }

        return new FittedModel(proto, purchases, spend, unit);
    }

    public string ToJson() => JsonFormatter.Default.Format(Message);
}

/// <summary>Finds the fit a request names, or the latest.</summary>
public sealed class ModelResolver(IModelRepository models)
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
