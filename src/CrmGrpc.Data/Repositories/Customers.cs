using CrmGrpc.Data.Import;
using CrmGrpc.Domain.Entities;

namespace CrmGrpc.Data.Repositories;

/// <summary>What erasing one customer removed, in rows per kind (see <see cref="ICustomerRepository.DeleteAsync"/>).</summary>
public sealed record ErasedCustomer(
    string Id,
    long Transactions,
    long SurveyResponses,
    long SupportInteractions,
    long ActivityEvents,
    long RunResults,
    long CrmChanges,
    long RejectedRows);

/// <summary>Customers: unary CRUD, keyset-paged listing, erasure and bulk upsert.</summary>
public interface ICustomerRepository
{
    /// <summary>Stores a new customer; throws <see cref="Domain.Errors.AlreadyExistsException"/> when the id is taken.</summary>
    Task<Customer> CreateAsync(Customer customer, CancellationToken cancellationToken);

    Task<Customer?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces a stored customer's fields; throws <see cref="Domain.Errors.NotFoundException"/> when it is absent.</summary>
    Task<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken);

    /// <summary>One page in id order after <paramref name="afterId"/>, optionally filtered.</summary>
    Task<IReadOnlyList<Customer>> ListAsync(string? segment, string? channel, string afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Erases the customer and every row that refers to it; null when there is no such customer.</summary>
    Task<ErasedCustomer?> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Upserts one batch in one transaction: one result per row, in order.</summary>
    Task<RowResult[]> ImportAsync(IReadOnlyList<Customer> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken);
}
