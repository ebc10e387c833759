using CrmGrpc.Cli.Csv;
using CrmGrpc.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CrmGrpc.Cli.Import;

/// <summary>
/// One kind of CSV import: its command name, the row mapper built from the file's header, and how to
/// open its client stream.
/// </summary>
internal sealed record ImportKind<T>(
    string Name,
    string Description,
    Func<CsvHeader, IRowMapper<T>> CreateMapper,
    Func<CallInvoker, CancellationToken, IImportSink<T>> OpenSink)
    where T : class;

/// <summary>The six CSV imports.</summary>
internal static class ImportKinds
{
    public static readonly ImportKind<Customer> Customers = new(
        "customers",
        "Import customers: id,name,email,segment,channel,acquired_at,churned_at,attributes (k=v;k=v).",
        header => new CustomerRowMapper(header),
        (invoker, ct) => Sink<Customer, ImportCustomersRequest, ImportCustomersResponse>(
            new CustomerService.CustomerServiceClient(invoker).ImportCustomers(cancellationToken: ct)));

    public static readonly ImportKind<Transaction> Transactions = new(
        "transactions",
        "Import transactions: id,customer_id,occurred_at,amount|amount_minor,currency,kind,sale_type,cost,product,category.",
        header => new TransactionRowMapper(header),
        (invoker, ct) => Sink<Transaction, ImportTransactionsRequest, ImportTransactionsResponse>(
            new TransactionService.TransactionServiceClient(invoker).ImportTransactions(cancellationToken: ct)));

    public static readonly ImportKind<MarketingSpend> Spend = new(
        "spend",
        "Import marketing spend: id,channel,period_start,period_end,amount|amount_minor,currency.",
        header => new SpendRowMapper(header),
        (invoker, ct) => Sink<MarketingSpend, ImportMarketingSpendRequest, ImportMarketingSpendResponse>(
            new EngagementService.EngagementServiceClient(invoker).ImportMarketingSpend(cancellationToken: ct)));

    public static readonly ImportKind<SurveyResponse> Surveys = new(
        "surveys",
        "Import survey responses: id,customer_id,kind(nps|csat|ces),score,responded_at.",
        header => new SurveyRowMapper(header),
        (invoker, ct) => Sink<SurveyResponse, ImportSurveyResponsesRequest, ImportSurveyResponsesResponse>(
            new EngagementService.EngagementServiceClient(invoker).ImportSurveyResponses(cancellationToken: ct)));

    public static readonly ImportKind<SupportInteraction> Tickets = new(
        "tickets",
        "Import support tickets: id,customer_id,opened_at,first_response_at,resolved_at,handle_seconds.",
        header => new TicketRowMapper(header),
        (invoker, ct) => Sink<SupportInteraction, ImportSupportInteractionsRequest, ImportSupportInteractionsResponse>(
            new EngagementService.EngagementServiceClient(invoker).ImportSupportInteractions(cancellationToken: ct)));

    public static readonly ImportKind<ActivityEvent> Activity = new(
        "activity",
        "Import activity events: id,customer_id,occurred_at,kind,count.",
        header => new ActivityRowMapper(header),
        (invoker, ct) => Sink<ActivityEvent, ImportActivityEventsRequest, ImportActivityEventsResponse>(
            new EngagementService.EngagementServiceClient(invoker).ImportActivityEvents(cancellationToken: ct)));

    private static GrpcImportSink<TItem, TRequest, TResponse> Sink<TItem, TRequest, TResponse>(
        AsyncClientStreamingCall<TRequest, TResponse> call)
        where TRequest : IImportRequest<TItem>, new()
        where TResponse : IImportResponse, IMessage =>
        new(call);
}
