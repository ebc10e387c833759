using System.Globalization;
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

/// <summary>crm.v1.TransactionService: validates, delegates to the repository, maps.</summary>
public sealed class TransactionGrpcService(
    ITransactionRepository transactions, ImportRunner importer, RequestChecks checks, IOptions<CrmOptions> options)
    : TransactionService.TransactionServiceBase
{
    private readonly ImportDefinition<Transaction, Domain.Entities.Transaction> _import = new(
        t => t.Id, EntityMapper.ToDomain, EntityRules.Check, transactions.ImportAsync, transactions.OpenBulkLoadAsync);

    public override async Task<RecordTransactionResponse> RecordTransaction(RecordTransactionRequest request, ServerCallContext context)
    {
        var transaction = EntityMapper.ToDomain(RequestChecks.Required(request.Transaction, "transaction"));
        RequestChecks.ThrowIfInvalid(EntityRules.Check(transaction, checks.Context()), "transaction.");
        var result = await transactions.RecordAsync(transaction, context.CancellationToken);
        return result switch
        {
            { Outcome: RowOutcome.Inserted } => new RecordTransactionResponse { Transaction = EntityMapper.ToProto(transaction) },
            { Outcome: RowOutcome.Duplicate } => new RecordTransactionResponse { Transaction = EntityMapper.ToProto(transaction), Duplicate = true },
            { Violation.Reason: RejectionReason.Conflict } => throw new AlreadyExistsException("transaction", transaction.Id),
            { Violation: { } violation } => throw new InvalidArgumentException([violation.Under("transaction.")]),
            _ => throw new InvalidOperationException($"Unexpected outcome {result.Outcome} for a new transaction."),
        };
    }

    public override async Task<ListTransactionsResponse> ListTransactions(ListTransactionsRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize, options.Value.DefaultPageSize, options.Value.MaxPageSize);
        Domain.Period? period = request.Period is null ? null : RequestChecks.ToPeriod(request.Period, "period");
        var filters = $"{request.CustomerId}\u001e{period}";
        var after = PageToken.Decode(request.PageToken, nameof(ListTransactions), filters) is { } position
            ? ParseCursor(position)
            : TransactionCursor.Start;
        var page = await transactions.ListAsync(
                request.CustomerId.Length == 0 ? null : request.CustomerId, period, after, size + 1, context.CancellationToken)
            ?? throw new NotFoundException("customer", request.CustomerId);
        var response = new ListTransactionsResponse();
        response.Transactions.AddRange(page.Take(size).Select(p => EntityMapper.ToProto(p.Transaction)));
        if (page.Count > size)
        {
            var last = page[size - 1].Cursor;
            response.NextPageToken = PageToken.Encode(nameof(ListTransactions), filters,
                PageToken.Position(last.OccurredAtMs, last.Seq.ToString(CultureInfo.InvariantCulture)));
        }

        return response;
    }

    public override Task<ImportTransactionsResponse> ImportTransactions(IAsyncStreamReader<ImportTransactionsRequest> requestStream, ServerCallContext context) =>
        importer.RunAsync(requestStream, _import, new ImportTransactionsResponse(), context.CancellationToken);

    private static TransactionCursor ParseCursor(string position)
    {
        var (time, seq) = PageToken.ReadPosition(position);
        return new TransactionCursor(time, PageToken.ReadNumber(seq));
    }
}
