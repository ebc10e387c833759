using CrmGrpc.Data;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Server.Mapping;

namespace CrmGrpc.Server.Application;

/// <summary>What a prediction grid asks for; zeros take the defaults.</summary>
public sealed record GridQuery(string ModelId, int MaxFrequency, int RecencySteps, double Age, double Horizon);

/// <summary>A model's prediction grid with the horizon it was computed at.</summary>
public sealed record ModelGrid(FittedModel Model, PredictionGrid Grid, double Horizon);

/// <summary>Prediction grids of stored purchase models (the frequency/recency heatmaps).</summary>
public sealed class ModelGrids(ModelResolver resolver, IModelInputRepository inputs)
{
    public const int DefaultSize = 20;

    /// <exception cref="NotFoundException">No such model.</exception>
    /// <exception cref="FailedPreconditionException">The model has no purchase model.</exception>
    public async Task<ModelGrid> BuildAsync(GridQuery query, CancellationToken cancellationToken)
    {
        var model = await resolver.ResolveAsync(query.ModelId, cancellationToken) ?? throw new NotFoundException("model", query.ModelId);
        if (model.Purchases is not { } purchases)
        {
            throw new FailedPreconditionException($"model {model.Id} has no purchase model to predict with (it holds {string.Join(", ", model.Message.Fits.Select(f => ModelMapper.Name((ModelKind)(int)f.Kind)))})");
        }

        var age = query.Age > 0 ? query.Age : await BookAgeAsync(model, cancellationToken);
        var horizon = query.Horizon > 0 ? query.Horizon : model.DefaultHorizon;
        var grid = PredictionGrid.Build(
            purchases,
            model.TakesPeriods,
            query.MaxFrequency > 0 ? query.MaxFrequency : DefaultSize,
            query.RecencySteps > 0 ? query.RecencySteps : DefaultSize,
            age,
            horizon);
        return new ModelGrid(model, grid, horizon);
    }

    /// <summary>
    /// The age at the calibration end of the model's earliest customer (of its segment), in the model's unit (whole
    /// periods for a period model); a year when nobody had purchased by then.
    /// </summary>
    private async Task<double> BookAgeAsync(FittedModel model, CancellationToken cancellationToken)
    {
        var lastDay = UtcDay.Of(model.CalibrationEnd.ToUnixTimeMilliseconds());
        var segment = model.Message.Segment.Length > 0 ? model.Message.Segment : null;
        if (await inputs.EarliestPurchaseDayAsync(segment, lastDay, cancellationToken) is not { } firstDay)
        {
            return model.DefaultHorizon;
        }

        var age = model.TakesPeriods
            ? ModelInputBuilders.PeriodsEnded(firstDay, lastDay, model.Unit)
            : (lastDay - firstDay) / model.Unit.DaysPerUnit();
        return age > 0 ? age : model.DefaultHorizon;
    }
}
