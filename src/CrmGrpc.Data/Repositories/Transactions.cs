using CrmGrpc.Data.Import;
using CrmGrpc.Domain;
using CrmGrpc.Domain.Entities;

namespace CrmGrpc.Data.Repositories;

/// <summary>A position in the (occurred_at, seq) order of transactions, for keyset paging.</summary>
public readonly record struct TransactionCursor(long OccurredAtMs, long Seq)
{
    public static readonly TransactionCursor Start = new(long.MinValue, long.MinValue);
}

/// <summary>Transactions: idempotent recording, keyset-paged listing, bulk import.</summary>
public interface ITransactionRepository
{
    /// <summary>Stores one transaction: inserted, a duplicate of the same row, or rejected (conflict, unknown customer).</summary>
    Task<RowResult> RecordAsync(Transaction transaction, CancellationToken cancellationToken);

    Task<Transaction?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// One page in (occurred_at, seq) order after <paramref name="after"/>, within <paramref name="period"/> when given, of
    /// the customer when <paramref name="customerId"/> is given (null when that customer does not exist), else all.
    /// </summary>
    Task<IReadOnlyList<(Transaction Transaction, TransactionCursor Cursor)>?> ListAsync(
        string? customerId, Period? period, TransactionCursor after, int limit, CancellationToken cancellationToken);

    /// <summary>Opens one import stream's bulk load.</summary>
    Task<IBulkLoad<Transaction>> OpenBulkLoadAsync(CancellationToken cancellationToken);

    /// <summary>Stores one batch in one transaction: one result per row, in order.</summary>
    Task<RowResult[]> ImportAsync(IReadOnlyList<Transaction> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken);
}
