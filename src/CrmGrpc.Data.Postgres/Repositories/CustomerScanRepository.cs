using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Postgres.Repositories;

// PLACEHOLDER: replaced by the PostgreSQL implementation of ICustomerScanRepository.
public sealed class CustomerScanRepository(PostgresDatabase database) : ICustomerScanRepository
{
    internal PostgresDatabase Database => database;

    public Task<long> CountAsync(CustomerSelection selection, CancellationToken cancellationToken) => throw new NotSupportedException("CustomerScanRepository on PostgreSQL is not built yet");
    public Task<RfmDistribution> ReadRfmDistributionAsync(DateTimeOffset asOf, CancellationToken cancellationToken) => throw new NotSupportedException("CustomerScanRepository on PostgreSQL is not built yet");
    public Task ReadPurchaseHistoriesAsync( string? segment, DateTimeOffset asOf, int parts, Action<int, ReadOnlySpan<PurchaseHistory>> onChunk, CancellationToken cancellationToken) => throw new NotSupportedException("CustomerScanRepository on PostgreSQL is not built yet");
    public IAsyncEnumerable<CustomerFacts> ScanAsync(CustomerSelection selection, DateTimeOffset asOf, CancellationToken cancellationToken) => throw new NotSupportedException("CustomerScanRepository on PostgreSQL is not built yet");
    public IAsyncEnumerable<CustomerFacts> ScanAsync( CustomerSelection selection, DateTimeOffset asOf, bool withPurchaseDays, CancellationToken cancellationToken) => throw new NotSupportedException("CustomerScanRepository on PostgreSQL is not built yet");
}
