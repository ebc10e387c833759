using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Postgres.Repositories;

// PLACEHOLDER: replaced by the PostgreSQL implementation of ITransactionRepository.
public sealed class TransactionRepository(PostgresDatabase database) : ITransactionRepository
{
    internal PostgresDatabase Database => database;

    public Task<RowResult> RecordAsync(Transaction transaction, CancellationToken cancellationToken) => throw new NotSupportedException("TransactionRepository on PostgreSQL is not built yet");
    public Task<Transaction?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException("TransactionRepository on PostgreSQL is not built yet");
    public Task<IReadOnlyList<(Transaction Transaction, TransactionCursor Cursor)>?> ListAsync( string? customerId, Period? period, TransactionCursor after, int limit, CancellationToken cancellationToken) => throw new NotSupportedException("TransactionRepository on PostgreSQL is not built yet");
    public Task<IBulkLoad<Transaction>> OpenBulkLoadAsync(CancellationToken cancellationToken) => throw new NotSupportedException("TransactionRepository on PostgreSQL is not built yet");
    public Task<RowResult[]> ImportAsync(IReadOnlyList<Transaction> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) => throw new NotSupportedException("TransactionRepository on PostgreSQL is not built yet");
}
