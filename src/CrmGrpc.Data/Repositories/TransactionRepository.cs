using CrmGrpc.Data.Import;
using CrmGrpc.Data.Rows;
using CrmGrpc.Domain;
using CrmGrpc.Domain.Entities;
using Dapper;

namespace CrmGrpc.Data.Repositories;

/// <summary>A position in the (occurred_at, seq) order of transactions, for keyset paging.</summary>
public readonly record struct TransactionCursor(long OccurredAtMs, long Seq)
{
    public static readonly TransactionCursor Start = new(long.MinValue, long.MinValue);
}

/// <summary>Transactions: idempotent recording, keyset-paged listing, bulk import.</summary>
public sealed class TransactionRepository(SqliteDatabase database, BatchWriter writer)
{
    private const string PageOrder = """
          AND (t.occurred_at, t.seq) > (@afterTime, @afterSeq)
          AND t.occurred_at >= @from AND t.occurred_at < @to
        ORDER BY t.occurred_at, t.seq
        LIMIT @limit
        """;

    // Two statements rather than one with "@key IS NULL OR …", so each uses its covering index.
    private const string ListOfCustomer = TransactionMapping.Select + " WHERE t.customer_key = @customerKey" + PageOrder;
    private const string ListAll = TransactionMapping.Select + " WHERE 1 = 1" + PageOrder;

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
    /// One page in (occurred_at, seq) order after <paramref name="after"/>, of one customer when
    /// <paramref name="customerId"/> is given (null when that customer does not exist), within the period.
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

    public Task<RowResult[]> ImportAsync(IReadOnlyList<Transaction> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        writer.WriteAsync(TransactionMapping.Instance, rows, rejected, cancellationToken);
}
