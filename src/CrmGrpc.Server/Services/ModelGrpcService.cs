using System.Globalization;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Application;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Paging;
using Grpc.Core;

namespace CrmGrpc.Server.Services;

/// <summary>crm.v1.ModelService: fits and stored fits.</summary>
public sealed class ModelGrpcService(ModelFitter fitter, ModelRepository models, RequestChecks checks) : ModelService.ModelServiceBase
{
    public override async Task<FitModelsResponse> FitModels(FitModelsRequest request, ServerCallContext context)
    {
        // The README's timestamp rule: set, not before 1900, not more than a day in the future (a calibration end in
        // year 9999 used to reach the fit and fail there as INTERNAL).
        var violations = new List<FieldViolation>(new FieldChecks(checks.Context())
            .Timestamp("calibration_end", ProtoTime.ToInstant(request.CalibrationEnd)).Violations);

        if (request.TimeUnit is not (TimeUnit.Days or TimeUnit.Weeks))
        {
            violations.Add(new FieldViolation("time_unit", "must be TIME_UNIT_DAYS or TIME_UNIT_WEEKS"));
        }

        if (!(double.IsFinite(request.PenalizerCoef) && request.PenalizerCoef >= 0))
        {
            violations.Add(new FieldViolation("penalizer_coef", $"must be a finite number ≥ 0, was {request.PenalizerCoef}"));
        }

        RequestChecks.ThrowIfInvalid(violations, "");
        var unit = request.TimeUnit == TimeUnit.Days ? Modeling.TimeUnit.Days : Modeling.TimeUnit.Weeks;
        var fitted = await fitter.FitAsync(ProtoTime.ToInstant(request.CalibrationEnd), unit, request.Segment, request.PenalizerCoef, context.CancellationToken);
        return new FitModelsResponse { ModelId = fitted.Id, BgNbd = fitted.Message.BgNbd, GammaGamma = fitted.Message.GammaGamma, Model = fitted.Message };
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
}
