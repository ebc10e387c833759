using System.Globalization;
using CrmGrpc.Contracts.V1;
using ModelKind = CrmGrpc.Modeling.Models.ModelKind;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Application;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Paging;
using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;
using Grpc.Core;

namespace CrmGrpc.Server.Services;

/// <summary>crm.v1.ModelService: fits, models brought from elsewhere, and stored fits.</summary>
public sealed class ModelGrpcService(
    ModelFitter fitter, ModelImporter importer, IModelRepository models, ModelGrids grids, RequestChecks checks, CustomerMetricsContext customerContext)
    : ModelService.ModelServiceBase
{
    public override async Task<FitModelsResponse> FitModels(FitModelsRequest request, ServerCallContext context)
    {
        // The README's timestamp rule: set, not before 1900, not more than a day in the future (a calibration end in
        // year 9999 used to reach the fit and fail there as INTERNAL).
        var fieldChecks = new FieldChecks(checks.Context()).Timestamp("calibration_end", ProtoTime.ToInstant(request.CalibrationEnd));
        if (request.HoldoutEnd is not null)
        {
            fieldChecks = fieldChecks.Timestamp("holdout_end", ProtoTime.ToInstant(request.HoldoutEnd));
        }

        var violations = new List<FieldViolation>(fieldChecks.Violations);
        var kinds = ModelKinds(request.Models, violations);
        var unit = ModelMapper.FromProto(request.TimeUnit);
        if (unit is null)
        {
            violations.Add(new FieldViolation("time_unit", "must be TIME_UNIT_DAYS, TIME_UNIT_WEEKS, TIME_UNIT_MONTHS or TIME_UNIT_YEARS"));
        }
        else if (unit.Value.IsCalendar() && (kinds.Count == 0 ? FitRequest.DefaultModels : kinds).FirstOrDefault(kind => kind != ModelKind.GammaGamma && !TakesPeriods(kind)) is var continuous and not 0)
        {
            violations.Add(new FieldViolation("time_unit", $"calendar months and years are for bg-bb and sbg only; {ModelMapper.Name(continuous)} is fitted in TIME_UNIT_DAYS or TIME_UNIT_WEEKS"));
        }

        if (!(double.IsFinite(request.PenalizerCoef) && request.PenalizerCoef >= 0))
        {
            violations.Add(new FieldViolation("penalizer_coef", $"must be a finite number ≥ 0, was {request.PenalizerCoef}"));
        }

        if (request.HasDiscountRate && !(double.IsFinite(request.DiscountRate) && request.DiscountRate >= 0 && request.DiscountRate < 10))
        {
            violations.Add(new FieldViolation("discount_rate", $"must be a finite rate per time unit in [0, 10), was {request.DiscountRate}"));
        }

        if (request.HoldoutEnd is not null && request.CalibrationEnd is not null
            && ProtoTime.ToInstant(request.HoldoutEnd).UtcDateTime.Date <= ProtoTime.ToInstant(request.CalibrationEnd).UtcDateTime.Date)
        {
            violations.Add(new FieldViolation("holdout_end", "must be a later day than calibration_end"));
        }

        RequestChecks.ThrowIfInvalid(violations, "");
        var fitted = await fitter.FitAsync(
            new FitRequest(ProtoTime.ToInstant(request.CalibrationEnd), unit!.Value, request.Segment, request.PenalizerCoef, kinds,
                request.HoldoutEnd is null ? null : ProtoTime.ToInstant(request.HoldoutEnd), request.HasDiscountRate ? request.DiscountRate : null),
            context.CancellationToken);
        // The new model is the latest: per-customer requests naming none take it, as of its calibration end.
        customerContext.Prefetch(fitted.CalibrationEnd);
        var response = new FitModelsResponse { ModelId = fitted.Id, BgNbd = fitted.Message.BgNbd, GammaGamma = fitted.Message.GammaGamma, Model = fitted.Message };
        response.Fits.Add(fitted.Message.Fits);
        return response;
    }

    public override async Task<CreateModelResponse> CreateModel(CreateModelRequest request, ServerCallContext context)
    {
        var given = RequestChecks.Required(request.Model, "model");
        var violations = new List<FieldViolation>(new FieldChecks(checks.Context())
            .Timestamp("model.calibration_end", ProtoTime.ToInstant(given.CalibrationEnd)).Violations);
        var unit = ModelMapper.FromProto(given.TimeUnit);
        if (unit is null)
        {
            violations.Add(new FieldViolation("model.time_unit", "must be TIME_UNIT_DAYS, TIME_UNIT_WEEKS, TIME_UNIT_MONTHS or TIME_UNIT_YEARS"));
        }

        IModelDefinition? definition = null;
        if (ModelMapper.FromProto(given.Kind) is not { } kind || kind == ModelKind.GammaGamma || ModelCatalog.Find(kind) is not { } found)
        {
            violations.Add(new FieldViolation("model.kind", "must be a purchase or contractual model kind (Gamma-Gamma goes in spend_parameters)"));
        }
        else
        {
            definition = found;
            if (unit is { } u && u.IsCalendar() && !TakesPeriods(kind))
            {
                violations.Add(new FieldViolation("model.time_unit", $"calendar months and years are for bg-bb and sbg only; {definition.Name} is in TIME_UNIT_DAYS or TIME_UNIT_WEEKS"));
            }

            try
            {
                definition.CreatePredictor(ModelMapper.ToParameterSet(given.Parameters, definition));
            }
            catch (ModelParameterException wrong)
            {
                violations.Add(new FieldViolation($"model.parameters.{wrong.Parameter}", wrong.Message));
            }
        }

        if (given.SpendParameters.Count > 0)
        {
            violations.AddRange(ModelImporter.SpendViolations(given.SpendParameters, "model.spend_parameters"));
        }

        RequestChecks.ThrowIfInvalid(violations, "");
        var created = await importer.CreateAsync(given, definition!, unit!.Value, context.CancellationToken);
        return new CreateModelResponse { Model = created.Message };
    }

    /// <summary>Whether a model is fitted on periods (so calendar months and years suit it).</summary>
    private static bool TakesPeriods(ModelKind kind) =>
        ModelCatalog.Find(kind) is { } definition && (definition.Inputs & (ModelInputs.DiscreteHistories | ModelInputs.Cohorts)) != 0 && (definition.Inputs & (ModelInputs.Histories | ModelInputs.TimedHistories)) == 0;

    /// <summary>The contract's name of a kind (MODEL_KIND_PARETO_NBD), or its number when the contract has none.</summary>
    private static string ProtoName(Contracts.V1.ModelKind kind) =>
        Contracts.V1.ModelsReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("ModelKind")?.FindValueByNumber((int)kind) is { } value
            ? value.Name
            : ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The requested kinds, in order; each unknown or repeated one is a violation.</summary>
    private static List<ModelKind> ModelKinds(Google.Protobuf.Collections.RepeatedField<Contracts.V1.ModelKind> requested, List<FieldViolation> violations)
    {
        var kinds = new List<ModelKind>();
        for (var i = 0; i < requested.Count; i++)
        {
            if (ModelMapper.FromProto(requested[i]) is not { } kind || (kind != ModelKind.GammaGamma && ModelCatalog.Find(kind) is null))
            {
                violations.Add(new FieldViolation($"models[{i}]", $"must be a model kind (MODEL_KIND_BG_NBD, MODEL_KIND_PARETO_NBD, …), was {ProtoName(requested[i])}"));
            }
            else if (kinds.Contains(kind))
            {
                violations.Add(new FieldViolation($"models[{i}]", $"{ModelMapper.Name(kind)} is named twice"));
            }
            else
            {
                kinds.Add(kind);
            }
        }

        return kinds;
    }

    public override async Task<GetModelResponse> GetModel(GetModelRequest request, ServerCallContext context)
    {
        if (request.ModelId.Length == 0)
        {
            throw new InvalidArgumentException("model_id", "is required");
        }

        var stored = await models.GetAsync(request.ModelId, context.CancellationToken) ?? throw new NotFoundException("model", request.ModelId);
        return new GetModelResponse { Model = FittedModel.From(stored).Message };
    }

    public override async Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize, 20, 100);
        ModelCursor? after = null;
        if (PageToken.Decode(request.PageToken, nameof(ListModels), "") is { } position)
        {
            var (time, key) = PageToken.ReadPosition(position);
            after = new ModelCursor(time, PageToken.ReadNumber(key));
        }

        var page = await models.ListAsync(after, size + 1, context.CancellationToken);
        var response = new ListModelsResponse();
        response.Models.AddRange(page.Take(size).Select(m => FittedModel.From(m.Model).Message));
        if (page.Count > size)
        {
            var edge = page[size - 1].Cursor;
            response.NextPageToken = PageToken.Encode(nameof(ListModels), "", PageToken.Position(edge.CreateTimeMs, edge.Key.ToString(CultureInfo.InvariantCulture)));
        }

        return response;
    }

    public override async Task<GetPredictionGridResponse> GetPredictionGrid(GetPredictionGridRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.ModelId.Length == 0)
        {
            violations.Add(new FieldViolation("model_id", "is required"));
        }

        if (request.MaxFrequency is < 0 or > PredictionGrid.MaxSize)
        {
            violations.Add(new FieldViolation("max_frequency", $"must be between 0 (default {ModelGrids.DefaultSize}) and {PredictionGrid.MaxSize}, was {request.MaxFrequency}"));
        }

        if (request.RecencySteps is < 0 or > PredictionGrid.MaxSize)
        {
            violations.Add(new FieldViolation("recency_steps", $"must be between 0 (default {ModelGrids.DefaultSize}) and {PredictionGrid.MaxSize}, was {request.RecencySteps}"));
        }

        foreach (var (field, value) in new[] { ("age", request.Age), ("horizon", request.Horizon) })
        {
            if (!(double.IsFinite(value) && value is >= 0 and <= CustomerMetricsContext.MaxHorizon))
            {
                violations.Add(new FieldViolation(field, $"must be between 0 (default) and {CustomerMetricsContext.MaxHorizon} time units, was {value.ToString(CultureInfo.InvariantCulture)}"));
            }
        }

        RequestChecks.ThrowIfInvalid(violations, "");
        var built = await grids.BuildAsync(
            new GridQuery(request.ModelId, request.MaxFrequency, request.RecencySteps, request.Age, request.Horizon), context.CancellationToken);
        return ModelMapper.ToProto(built);
    }
}
