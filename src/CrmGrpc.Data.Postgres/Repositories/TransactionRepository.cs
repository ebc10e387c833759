using CrmGrpc.Data.Postgres.Import;
using CrmGrpc.Domain;
using CrmGrpc.Domain.Entities;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CrmGrpc.Data.Postgres.Repositories;

/// <summary>Transactions: idempotent recording, keyset-paged listing, bulk import.</summary>
public sealed class TransactionRepository(PostgresDatabase database, TimeProvider time, IOptions<PostgresBulkLoadOptions> bulkLoadOptions)
    : ITransactionRepository
{
    // One customer's transactions in time order (its few rows are sorted); all transactions in storage order, which
    // needs no index beyond the primary key (as on SQLite).
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

    private readonly BatchWriter _writer = new(database, time);

    /// <summary>Stores one transaction with the import's rules; the result says inserted, duplicate or rejected.</summary>
    public async Task<RowResult> RecordAsync(Transaction transaction, CancellationToken cancellationToken) =>
        (await _writer.WriteAsync(TransactionMapping.Instance, [transaction], [], cancellationToken))[0];

    public async Task<Transaction?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(TransactionMapping.Select + " WHERE t.id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? TransactionMapping.Instance.Read(reader) : null;
    }

    /// <summary>
    /// One page after <paramref name="after"/> within the period: of one customer in (occurred_at, seq) order when
    /// <paramref name="customerId"/> is given (null when that customer does not exist), else all in storage order.
    /// </summary>
    public async Task<IReadOnlyList<(Transaction Transaction, TransactionCursor Cursor)>?> ListAsync(
        string? customerId, Period? period, TransactionCursor after, int limit, CancellationToken cancellationToken)
    {
        // PostgreSQL's text holds no NUL, so no stored customer has such an id.
        if (customerId?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        long? customerKey = null;
        if (customerId is not null)
        {
            await using var lookup = new NpgsqlCommand(CustomerKeyById, connection);
            lookup.Parameters.AddWithValue("id", customerId);
            if (await lookup.ExecuteScalarAsync(cancellationToken) is not long key)
            {
                return null;
            }

            customerKey = key;
        }

        await using var command = new NpgsqlCommand(customerKey is null ? ListAll : ListOfCustomer, connection);
        if (customerKey is { } customer)
        {
            command.Parameters.AddWithValue("customerKey", customer);
            command.Parameters.AddWithValue("afterTime", after.OccurredAtMs);
        }

        command.Parameters.AddWithValue("afterSeq", after.Seq);
        command.Parameters.AddWithValue("from", period is { } p ? UnixMs.Of(p.Start) : long.MinValue);
        command.Parameters.AddWithValue("to", period is { } q ? UnixMs.Of(q.End) : long.MaxValue);
        command.Parameters.AddWithValue("limit", limit);
        var page = new List<(Transaction, TransactionCursor)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add((TransactionMapping.Instance.Read(reader), new TransactionCursor(reader.GetInt64(3), reader.GetInt64(0))));
        }

        return page;
    }

    /// <summary>Opens a bulk load for one import stream: rows streamed to a staging table, merged set-based in units.</summary>
    public async Task<IBulkLoad<Transaction>> OpenBulkLoadAsync(CancellationToken cancellationToken) =>
        await TransactionBulkLoad.OpenAsync(database, bulkLoadOptions.Value, time, cancellationToken);

    public Task<RowResult[]> ImportAsync(IReadOnlyList<Transaction> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        _writer.WriteAsync(TransactionMapping.Instance, rows, rejected, cancellationToken);
}
