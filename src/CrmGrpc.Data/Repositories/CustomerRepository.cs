using CrmGrpc.Data.Import;
using CrmGrpc.Data.Rows;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using Dapper;

namespace CrmGrpc.Data.Repositories;

/// <summary>Customers: unary CRUD, keyset-paged listing and bulk upsert.</summary>
public sealed class CustomerRepository(SqliteDatabase database, BatchWriter writer)
{
    private const string SelectById = $"SELECT {CustomerMapping.Columns} FROM customers WHERE id = @id";

    private const string ListPage = $"""
        SELECT {CustomerMapping.Columns} FROM customers
        WHERE id > @after AND (@segment IS NULL OR segment = @segment) AND (@channel IS NULL OR channel = @channel)
        ORDER BY id
        LIMIT @limit
        """;

    /// <summary>Stores a new customer; throws <see cref="AlreadyExistsException"/> when the id is taken.</summary>
    public async Task<Customer> CreateAsync(Customer customer, CancellationToken cancellationToken)
    {
        if (!await writer.InsertIfAbsentAsync(CustomerMapping.Instance, customer, cancellationToken))
        {
            throw new AlreadyExistsException("customer", customer.Id);
        }

        return await GetAsync(customer.Id, cancellationToken) ?? throw new NotFoundException("customer", customer.Id);
    }

    public async Task<Customer?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CustomerRow>(
            new CommandDefinition(SelectById, new { id }, cancellationToken: cancellationToken));
        return row is null ? null : CustomerMapping.Instance.ToEntity(row);
    }

    /// <summary>Replaces the stored customer's fields (the caller has read it: customers are never deleted).</summary>
    public async Task<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(CustomerMapping.Instance, [customer], [], cancellationToken);
        return await GetAsync(customer.Id, cancellationToken) ?? throw new NotFoundException("customer", customer.Id);
    }

    /// <summary>One page ordered by id, starting after <paramref name="afterId"/>.</summary>
    public async Task<IReadOnlyList<Customer>> ListAsync(string? segment, string? channel, string afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CustomerRow>(new CommandDefinition(
            ListPage, new { after = afterId, segment, channel, limit }, cancellationToken: cancellationToken));
        return rows.Select(CustomerMapping.Instance.ToEntity).ToList();
    }

    /// <summary>Upserts one batch atomically.</summary>
    public Task<RowResult[]> ImportAsync(IReadOnlyList<Customer> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        writer.WriteAsync(CustomerMapping.Instance, rows, rejected, cancellationToken);
}
