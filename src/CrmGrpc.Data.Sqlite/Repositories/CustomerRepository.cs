using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Rows;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using Dapper;

using CrmGrpc.Data.Repositories;

namespace CrmGrpc.Data.Sqlite.Repositories;

/// <summary>Customers: unary CRUD, keyset-paged listing and bulk upsert.</summary>
public sealed class CustomerRepository(SqliteDatabase database, BatchWriter writer, CustomerErasures erasures) : ICustomerRepository
{
    private const string SelectById = $"SELECT {CustomerMapping.Columns} FROM customers WHERE id = @id";

    private const string ListPage = $"""
        SELECT {CustomerMapping.Columns} FROM customers
        WHERE id > @after AND (@segment IS NULL OR segment = @segment) AND (@channel IS NULL OR channel = @channel)
        ORDER BY id
        LIMIT @limit
        """;

    // Erasure: every table that refers to a customer (Migrations/*.sql), children first, the customer last (foreign keys
    // are on). Each statement seeks by the customer: the child tables lead an index with customer_key; run results are
    // keyed (run_key, customer_key), so they are sought once per run rather than scanned.
    private const string SelectKey = "SELECT key FROM customers WHERE id = @id";

    private const string DeleteTransactions = "DELETE FROM transactions WHERE customer_key = @key";

    private const string DeleteTotals = "DELETE FROM customer_totals WHERE customer_key = @key";

    private const string DeleteSurveyResponses = "DELETE FROM survey_responses WHERE customer_key = @key";

    private const string DeleteSupportInteractions = "DELETE FROM support_interactions WHERE customer_key = @key";

    private const string DeleteActivityEvents = "DELETE FROM activity_events WHERE customer_key = @key";

    private const string DeleteRunResults = """
        DELETE FROM metric_run_results
        WHERE run_key IN (SELECT key FROM metric_runs) AND customer_key = @key
        """;

    // CRM changes name treated customers by their client id in a JSON list: the id is taken out of every list that has it
    // (the order of the others kept), so a customer imported later under the same id is not treated by an earlier change.
    private const string RemoveFromTreatedLists = """
        UPDATE crm_changes
        SET treated_customer_ids = (SELECT json_group_array(value)
                                    FROM (SELECT value FROM json_each(crm_changes.treated_customer_ids)
                                          WHERE value <> @id ORDER BY key))
        WHERE EXISTS (SELECT 1 FROM json_each(crm_changes.treated_customer_ids) WHERE value = @id)
        """;

    // Rejected rows of customer imports kept under this id (name, e-mail in their reasons): personal data, erased too.
    // The per-code counts stay: they count what imports received, not whose rows they were.
    private const string DeleteRejectedRows = "DELETE FROM ingest_rejections WHERE entity = 'customer' AND row_id = @id";

    private const string DeleteCustomer = "DELETE FROM customers WHERE key = @key";

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

    /// <summary>Replaces the stored customer's fields (the caller has read it).</summary>
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

    /// <summary>
    /// Erases the customer and every row that refers to it in one write transaction: its transactions, per-customer
    /// totals, survey responses, support interactions, activity events, stored run results, its id in CRM changes'
    /// treated lists and the rejected rows of customer imports under its id. Null when no customer has the id. It
    /// counts as a write to the book (<see cref="SqliteDatabase.Version"/> grows), so caches derived from it rebuild.
    /// </summary>
    public async Task<ErasedCustomer?> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        using var writeSlot = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        var key = await connection.ExecuteScalarAsync<long?>(
            new CommandDefinition(SelectKey, new { id }, transaction, cancellationToken: cancellationToken));
        if (key is null)
        {
            return null;
        }

        Task<int> Delete(string sql) => connection.ExecuteAsync(
            new CommandDefinition(sql, new { key, id }, transaction, cancellationToken: cancellationToken));

        var erased = new ErasedCustomer(
            id,
            Transactions: await Delete(DeleteTransactions),
            SurveyResponses: await Delete(DeleteSurveyResponses),
            SupportInteractions: await Delete(DeleteSupportInteractions),
            ActivityEvents: await Delete(DeleteActivityEvents),
            RunResults: await Delete(DeleteRunResults),
            CrmChanges: await Delete(RemoveFromTreatedLists),
            RejectedRows: await Delete(DeleteRejectedRows));
        await Delete(DeleteTotals);
        await Delete(DeleteCustomer);
        await transaction.CommitAsync(cancellationToken);
        // Before the writer slot is released: a bulk load merging next sees the count (its staged keys may name this customer).
        erasures.Committed();
        return erased;
    }

    /// <summary>Upserts one batch atomically.</summary>
    public Task<RowResult[]> ImportAsync(IReadOnlyList<Customer> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        writer.WriteAsync(CustomerMapping.Instance, rows, rejected, cancellationToken);
}
