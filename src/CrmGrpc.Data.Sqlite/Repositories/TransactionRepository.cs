using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Rows;
using CrmGrpc.Domain;
using CrmGrpc.Domain.Entities;
using Dapper;

using CrmGrpc.Data.Repositories;

namespace CrmGrpc.Data.Sqlite.Repositories;

/// <summary>Transactions: idempotent recording, keyset-paged listing, bulk import.</summary>
public sealed class TransactionRepository(SqliteDatabase database, BatchWriter writer, TransactionBulkLoads bulkLoads) : ITransactionRepository
{
    // One customer's transactions in time order (its few rows are sorted); all transactions in storage order,
    // which needs no index beyond the primary key.
    private const string ListOfCustomer = TransactionMapping.Select + """
         WHERE t.customer_key = @customerKey
          AND (t.occurred_at, t.seq) > (@afterTime, @afterSeq)
          AND t.occurred_at >= @from AND t.occurred_at < @to
        ORDER BY t.occurred_at, t.seq
        LIMIT @limit
        """;

    private const string ListAll = TransactionMapping.Select + """
         WHERE t.seq > @afterSeq AND t.occurred_at >= @from AND t.occurred_at < @to
        ORDER BY t.seq
        LIMIT @limit
        """;

    private const string CustomerKeyById = "SELECT key FROM customers WHERE id = @id";

    /// <summary>Stores one transaction with the import's rules; the result says inserted, duplicate or rejected.</summary>
    public async Task<RowResult> RecordAsync(Transaction transaction, CancellationToken cancellationToken) =>
        (await writer.WriteAsync(TransactionMapping.Instance, [transaction], [], cancellationToken))[0];

    public async Task<Transaction?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TransactionRow>(new CommandDefinition(
            TransactionMapping.Select + " WHERE t.id = @id", new { id }, cancellationToken: cancellationToken));
        return row is null ? null : TransactionMapping.Instance.ToEntity(row);
    }

    /// <summary>
    /// One page after <paramref name="after"/> within the period: of one customer in (occurred_at, seq) order when
    /// <paramref name="customerId"/> is given (null when that customer does not exist), else all in storage order.
    /// </summary>
    public async Task<IReadOnlyList<(Transaction Transaction, TransactionCursor Cursor)>?> ListAsync(
        string? customerId, Period? period, TransactionCursor after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        long? customerKey = null;
        if (customerId is not null)
        {
            customerKey = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                CustomerKeyById, new { id = customerId }, cancellationToken: cancellationToken));
            if (customerKey is null)
            {
                return null;
            }
        }

        var rows = await connection.QueryAsync<TransactionRow>(new CommandDefinition(
            customerKey is null ? ListAll : ListOfCustomer,
            new
            {
                customerKey,
                afterTime = after.OccurredAtMs,
                afterSeq = after.Seq,
                from = period is { } p ? UnixTime.ToMs(p.Start) : long.MinValue,
                to = period is { } q ? UnixTime.ToMs(q.End) : long.MaxValue,
                limit,
            },
            cancellationToken: cancellationToken));
        return rows.Select(r => (TransactionMapping.Instance.ToEntity(r), new TransactionCursor(r.OccurredAt, r.Seq))).ToList();
    }

    /// <summary>Opens a bulk load for one import stream: rows staged in any order, merged into the book in key order.</summary>
    public Task<IBulkLoad<Transaction>> OpenBulkLoadAsync(CancellationToken cancellationToken) => bulkLoads.OpenAsync(cancellationToken);

    public Task<RowResult[]> ImportAsync(IReadOnlyList<Transaction> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        writer.WriteAsync(TransactionMapping.Instance, rows, rejected, cancellationToken);
}
