using CrmGrpc.Contracts.V1;
using CrmGrpc.Data.Import;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Import;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Options;
using CrmGrpc.Server.Paging;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Services;

/// <summary>crm.v1.EngagementService: the inputs of CAC, surveys, support and health, and CRM changes.</summary>
public sealed class EngagementGrpcService(
    IEngagementRepository engagement, ImportRunner importer, RequestChecks checks, IOptions<CrmOptions> options)
    : EngagementService.EngagementServiceBase
{
    private readonly ImportDefinition<MarketingSpend, Domain.Entities.MarketingSpend> _spend = new(
        s => s.Id, EntityMapper.ToDomain, EntityRules.Check, engagement.ImportMarketingSpendAsync);

    private readonly ImportDefinition<SurveyResponse, Domain.Entities.SurveyResponse> _surveys = new(
        s => s.Id, EntityMapper.ToDomain, EntityRules.Check, engagement.ImportSurveyResponsesAsync);

    private readonly ImportDefinition<SupportInteraction, Domain.Entities.SupportInteraction> _support = new(
        s => s.Id, EntityMapper.ToDomain, EntityRules.Check, engagement.ImportSupportInteractionsAsync);

    private readonly ImportDefinition<ActivityEvent, Domain.Entities.ActivityEvent> _activity = new(
        a => a.Id, EntityMapper.ToDomain, EntityRules.Check, engagement.ImportActivityEventsAsync);

    public override Task<ImportMarketingSpendResponse> ImportMarketingSpend(IAsyncStreamReader<ImportMarketingSpendRequest> requestStream, ServerCallContext context) =>
        importer.RunAsync(requestStream, _spend, new ImportMarketingSpendResponse(), context.CancellationToken);

    public override Task<ImportSurveyResponsesResponse> ImportSurveyResponses(IAsyncStreamReader<ImportSurveyResponsesRequest> requestStream, ServerCallContext context) =>
        importer.RunAsync(requestStream, _surveys, new ImportSurveyResponsesResponse(), context.CancellationToken);

    public override Task<ImportSupportInteractionsResponse> ImportSupportInteractions(IAsyncStreamReader<ImportSupportInteractionsRequest> requestStream, ServerCallContext context) =>
        importer.RunAsync(requestStream, _support, new ImportSupportInteractionsResponse(), context.CancellationToken);

    public override Task<ImportActivityEventsResponse> ImportActivityEvents(IAsyncStreamReader<ImportActivityEventsRequest> requestStream, ServerCallContext context) =>
        importer.RunAsync(requestStream, _activity, new ImportActivityEventsResponse(), context.CancellationToken);

    public override async Task<RecordCrmChangeResponse> RecordCrmChange(RecordCrmChangeRequest request, ServerCallContext context)
    {
        var change = EntityMapper.ToDomain(RequestChecks.Required(request.Change, "change"));
        RequestChecks.ThrowIfInvalid(EntityRules.Check(change, checks.Context()), "change.");
        var result = await engagement.RecordChangeAsync(change, context.CancellationToken);
        if (result.Outcome == RowOutcome.Rejected)
        {
            throw new AlreadyExistsException("crm change", change.Id);
        }

        return new RecordCrmChangeResponse { Change = EntityMapper.ToProto(change) };
    }

    public override async Task<ListCrmChangesResponse> ListCrmChanges(ListCrmChangesRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize, options.Value.DefaultPageSize, options.Value.MaxPageSize);
        DateTimeOffset? afterTime = null;
        var afterId = "";
        if (PageToken.Decode(request.PageToken, nameof(ListCrmChanges), "") is { } position)
        {
            var (ms, id) = PageToken.ReadPosition(position);
            (afterTime, afterId) = (DateTimeOffset.FromUnixTimeMilliseconds(ms), id);
        }

        var page = await engagement.ListChangesAsync(afterTime, afterId, size + 1, context.CancellationToken);
        var response = new ListCrmChangesResponse();
        response.Changes.AddRange(page.Take(size).Select(EntityMapper.ToProto));
        if (page.Count > size)
        {
            var last = page[size - 1];
            response.NextPageToken = PageToken.Encode(nameof(ListCrmChanges), "", PageToken.Position(last.EffectiveAt.ToUnixTimeMilliseconds(), last.Id));
        }

        return response;
    }
}
