using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Postgres.Repositories;

// PLACEHOLDER: replaced by the PostgreSQL implementation of ICustomerRepository.
public sealed class CustomerRepository(PostgresDatabase database) : ICustomerRepository
{
    internal PostgresDatabase Database => database;

    public Task<Customer> CreateAsync(Customer customer, CancellationToken cancellationToken) => throw new NotSupportedException("CustomerRepository on PostgreSQL is not built yet");
    public Task<Customer?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException("CustomerRepository on PostgreSQL is not built yet");
    public Task<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken) => throw new NotSupportedException("CustomerRepository on PostgreSQL is not built yet");
    public Task<IReadOnlyList<Customer>> ListAsync(string? segment, string? channel, string afterId, int limit, CancellationToken cancellationToken) => throw new NotSupportedException("CustomerRepository on PostgreSQL is not built yet");
    public Task<ErasedCustomer?> DeleteAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException("CustomerRepository on PostgreSQL is not built yet");
    public Task<RowResult[]> ImportAsync(IReadOnlyList<Customer> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) => throw new NotSupportedException("CustomerRepository on PostgreSQL is not built yet");
}
