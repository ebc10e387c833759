using System.Text.Json;
using CrmGrpc.Data.Postgres.Import;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using Npgsql;
using NpgsqlTypes;

namespace CrmGrpc.Data.Postgres.Repositories;

/// <summary>Customers: unary CRUD, keyset-paged listing, erasure and bulk upsert.</summary>
public sealed class CustomerRepository(PostgresDatabase database, TimeProvider time) : ICustomerRepository
{
    private const string SelectById = $"SELECT {CustomerMapping.Columns} FROM customers WHERE id = @id";

    private const string ListPage = $"""
        SELECT {CustomerMapping.Columns} FROM customers
        WHERE id > @after AND (@segment::text IS NULL OR segment = @segment::text) AND (@channel::text IS NULL OR channel = @channel::text)
        ORDER BY id
        LIMIT @limit
        """;

    // Erasure: every table that refers to a customer (Migrations/0001_initial.sql), children first, the customer last.
    // The customer's row is locked first: a recalculation appending run results holds a key-share lock on the customers it
    // stores (ModelRepository.AppendRunResultsAsync), so the erasure waits for it and then deletes its results too.
    private const string LockCustomer = "SELECT key FROM customers WHERE id = @id FOR UPDATE";

    private const string DeleteTransactions = "DELETE FROM transactions WHERE customer_key = @key";

    private const string DeleteTotals = "DELETE FROM customer_totals WHERE customer_key = @key";

    private const string DeleteSurveyResponses = "DELETE FROM survey_responses WHERE customer_key = @key";

    private const string DeleteSupportInteractions = "DELETE FROM support_interactions WHERE customer_key = @key";

    private const string DeleteActivityEvents = "DELETE FROM activity_events WHERE customer_key = @key";

    // Keyed (run_key, customer_key): sought once per run rather than scanned.
    private const string DeleteRunResults = """
        DELETE FROM metric_run_results
        WHERE run_key = ANY(ARRAY(SELECT key FROM metric_runs)) AND customer_key = @key
        """;

    // CRM changes name treated customers by their client id in a JSON list: the id is taken out of every list that has it
    // (the order of the others kept), so a customer imported later under the same id is not treated by an earlier change.
    private const string ChangesTreating = """
        SELECT key, treated_customer_ids FROM crm_changes WHERE jsonb_exists(treated_customer_ids::jsonb, @id)
        """;

    private const string SetTreated = "UPDATE crm_changes SET treated_customer_ids = @treated WHERE key = @key";

    // Rejected rows of customer imports kept under this id (name, e-mail in their reasons): personal data, erased too.
    // The per-code counts stay: they count what imports received, not whose rows they were.
    private const string DeleteRejectedRows = "DELETE FROM ingest_rejections WHERE entity = 'customer' AND row_id = @id";

    private const string DeleteCustomer = "DELETE FROM customers WHERE key = @key";

    private readonly BatchWriter _writer = new(database, time);

    /// <summary>Stores a new customer; throws <see cref="AlreadyExistsException"/> when the id is taken.</summary>
    public async Task<Customer> CreateAsync(Customer customer, CancellationToken cancellationToken)
    {
        if (!await _writer.InsertIfAbsentAsync(CustomerMapping.Instance, customer, cancellationToken))
        {
            throw new AlreadyExistsException("customer", customer.Id);
        }

        return await GetAsync(customer.Id, cancellationToken) ?? throw new NotFoundException("customer", customer.Id);
    }

    public async Task<Customer?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(SelectById, connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? CustomerMapping.Instance.Read(reader) : null;
    }

    /// <summary>Replaces the stored customer's fields (the caller has read it), as the bulk upsert does.</summary>
    public async Task<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken)
    {
        await _writer.WriteAsync(CustomerMapping.Instance, [customer], [], cancellationToken);
        return await GetAsync(customer.Id, cancellationToken) ?? throw new NotFoundException("customer", customer.Id);
    }

    /// <summary>One page ordered by id, starting after <paramref name="afterId"/>.</summary>
    public async Task<IReadOnlyList<Customer>> ListAsync(string? segment, string? channel, string afterId, int limit, CancellationToken cancellationToken)
    {
        // PostgreSQL's text holds no NUL, so no stored customer has one in its segment or channel (and it would refuse
        // the parameter): such a filter matches nothing.
        if (segment?.Contains('\0', StringComparison.Ordinal) == true || channel?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ListPage, connection);
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.Add(new NpgsqlParameter("segment", NpgsqlDbType.Text) { Value = (object?)segment ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("channel", NpgsqlDbType.Text) { Value = (object?)channel ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var customers = new List<Customer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            customers.Add(CustomerMapping.Instance.Read(reader));
        }

        return customers;
    }

    /// <summary>
    /// Erases the customer and every row that refers to it in one book write: its transactions, per-customer totals,
    /// survey responses, support interactions, activity events, stored run results, its id in CRM changes' treated lists
    /// and the rejected rows of customer imports under its id. Null when no customer has the id. The book's version is
    /// bumped after it commits, so caches derived from the book rebuild.
    /// </summary>
    public async Task<ErasedCustomer?> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        ErasedCustomer erased;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await PostgresDatabase.LockBookAsync(connection, transaction, cancellationToken);
            long key;
            await using (var select = WriteCommand.Create(LockCustomer, connection, transaction))
            {
                select.Parameters.AddWithValue("id", id);
                if (await select.ExecuteScalarAsync(cancellationToken) is not long found)
                {
                    return null;
                }

                key = found;
            }

            async Task<long> Delete(string sql)
            {
                await using var command = WriteCommand.Create(sql, connection, transaction);
                command.Parameters.AddWithValue("key", key);
                command.Parameters.AddWithValue("id", id);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            }

            erased = new ErasedCustomer(
                id,
                Transactions: await Delete(DeleteTransactions),
                SurveyResponses: await Delete(DeleteSurveyResponses),
                SupportInteractions: await Delete(DeleteSupportInteractions),
                ActivityEvents: await Delete(DeleteActivityEvents),
                RunResults: await Delete(DeleteRunResults),
                CrmChanges: await RemoveFromTreatedListsAsync(connection, transaction, id, cancellationToken),
                RejectedRows: await Delete(DeleteRejectedRows));
            await Delete(DeleteTotals);
            await Delete(DeleteCustomer);
            await transaction.CommitAsync(CancellationToken.None);
        }

        await PostgresDatabase.BumpBookVersionAsync(connection, CancellationToken.None);
        return erased;
    }

    /// <summary>Upserts one batch atomically.</summary>
    public Task<RowResult[]> ImportAsync(IReadOnlyList<Customer> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        _writer.WriteAsync(CustomerMapping.Instance, rows, rejected, cancellationToken);

    /// <summary>Takes <paramref name="id"/> out of every CRM change's treated list; the number of changes it was in.</summary>
    private static async Task<long> RemoveFromTreatedListsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, CancellationToken cancellationToken)
    {
        var changes = new List<(long Key, string Treated)>();
        await using (var select = WriteCommand.Create(ChangesTreating, connection, transaction))
        {
            select.Parameters.AddWithValue("id", id);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        foreach (var (key, treated) in changes)
        {
            // Serialised as the change was written (CrmChangeMapping), so the list reads back alike.
            var remaining = (JsonSerializer.Deserialize<List<string>>(treated) ?? []).Where(t => t != id).ToList();
            await using var update = WriteCommand.Create(SetTreated, connection, transaction);
            update.Parameters.AddWithValue("treated", JsonSerializer.Serialize(remaining));
            update.Parameters.AddWithValue("key", key);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return changes.Count;
    }
}
