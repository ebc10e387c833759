using System.Diagnostics;
using CrmGrpc.Domain.Errors;
using Npgsql;
using NpgsqlTypes;

namespace CrmGrpc.Data.Postgres.Import;

/// <summary>
/// Writes one batch of rows in one PostgreSQL transaction that first takes the book's write lock: the batch's customers
/// and the stored rows of its ids are read in one statement each, every row is classified in memory
/// (<see cref="Reconciler{TEntity}"/>), the new rows go in with one binary COPY and the changed customers with one
/// UPDATE. Rows naming an unknown customer are rejected. Every rejection, including the ones found earlier by
/// validation, is logged in the same transaction. A transaction that would take its customer's totals past 64 bits is
/// taken back and rejected alone. When this returns the batch is durable and the book's version bumped; when it throws
/// or is cancelled, nothing of it was written.
/// </summary>
public sealed class BatchWriter(PostgresDatabase database, TimeProvider time)
{
    private const string CustomerKeysSql = "SELECT id, key FROM customers WHERE id = ANY(@ids)";

    public async Task<RowResult[]> WriteAsync<TEntity>(
        RowMapping<TEntity> mapping, IReadOnlyList<TEntity> rows, IReadOnlyList<EarlyRejection> earlyRejections, CancellationToken cancellationToken)
        where TEntity : class
    {
        var results = new RowResult[rows.Count];
        if (rows.Count == 0 && earlyRejections.Count == 0)
        {
            return results;
        }

        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await PostgresDatabase.LockBookAsync(connection, transaction, cancellationToken);
            var nowMs = UnixMs.Of(time.GetUtcNow());
            var customerKeys = await CustomerKeysAsync(connection, transaction, rows.Select(mapping.CustomerIdOf).OfType<string>(), cancellationToken);
            var reconciler = new Reconciler<TEntity>(mapping, await ReadStoredAsync(connection, transaction, mapping, rows.Select(mapping.IdOf), cancellationToken));
            var rejections = new List<EarlyRejection>(earlyRejections);
            var inserts = new List<(TEntity Row, long CustomerKey)>();
            var insertedAt = new Dictionary<string, int>(StringComparer.Ordinal);
            var updates = new List<TEntity>();
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                long key = 0;
                if (mapping.CustomerIdOf(row) is { } customerId)
                {
                    if (!customerKeys.TryGetValue(customerId, out key))
                    {
                        results[i] = Reject(rejections, mapping.IdOf(row), UnknownCustomer(customerId));
                        continue;
                    }
                }

                results[i] = reconciler.Classify(row, message: 0);
                switch (results[i].Outcome)
                {
                    case RowOutcome.Inserted:
                        inserts.Add((row, key));
                        insertedAt[mapping.IdOf(row)] = i;
                        break;
                    case RowOutcome.Updated:
                        updates.Add(row);
                        break;
                    case RowOutcome.Rejected:
                        rejections.Add(new EarlyRejection(mapping.IdOf(row), results[i].Violation!));
                        break;
                }
            }

            var mark = inserts.Count > 0 && mapping.KeepsTotals ? await CustomerTotals.LastSeqAsync(connection, transaction, cancellationToken) : 0;
            await CopyAsync(connection, mapping, inserts, nowMs, cancellationToken);
            if (updates.Count > 0)
            {
                await mapping.UpdateAsync(connection, transaction, updates, nowMs, cancellationToken);
            }

            if (inserts.Count > 0 && mapping.KeepsTotals)
            {
                foreach (var takenBack in await CustomerTotals.RefreshSinceAsync(connection, transaction, mark, cancellationToken))
                {
                    results[insertedAt[takenBack.RowId]] = RowResult.Rejected(takenBack.Violation);
                    rejections.Add(takenBack);
                }
            }

            await RejectionLog.WriteAsync(connection, transaction, mapping.Entity, rejections, nowMs, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(CancellationToken.None);
        }

        await PostgresDatabase.BumpBookVersionAsync(connection, CancellationToken.None);
        StoreMetrics.Record(StoreMetrics.Postgres, StoreMetrics.WriteBatch, started);
        return results;
    }

    /// <summary>Inserts one row unless its id is taken (then returns false and writes nothing, logs nothing).</summary>
    public async Task<bool> InsertIfAbsentAsync<TEntity>(RowMapping<TEntity> mapping, TEntity row, CancellationToken cancellationToken)
        where TEntity : class
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await PostgresDatabase.LockBookAsync(connection, transaction, cancellationToken);
            if ((await ReadStoredAsync(connection, transaction, mapping, [mapping.IdOf(row)], cancellationToken)).Count > 0)
            {
                return false;
            }

            long key = 0;
            if (mapping.CustomerIdOf(row) is { } customerId
                && !(await CustomerKeysAsync(connection, transaction, [customerId], cancellationToken)).TryGetValue(customerId, out key))
            {
                throw new InvalidArgumentException([UnknownCustomer(customerId)]);
            }

            await CopyAsync(connection, mapping, [(row, key)], UnixMs.Of(time.GetUtcNow()), cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
        }

        await PostgresDatabase.BumpBookVersionAsync(connection, CancellationToken.None);
        return true;
    }

    internal static FieldViolation UnknownCustomer(string customerId) =>
        new("customer_id", $"customer '{customerId}' does not exist", RejectionReason.UnknownCustomer);

    /// <summary>The keys of the customers among <paramref name="customerIds"/> that exist.</summary>
    internal static async Task<Dictionary<string, long>> CustomerKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<string> customerIds, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        var ids = customerIds.Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return keys;
        }

        await using var command = WriteCommand.Create(CustomerKeysSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys[reader.GetString(0)] = reader.GetInt64(1);
        }

        return keys;
    }

    /// <summary>The stored rows of <paramref name="ids"/>, by id.</summary>
    internal static async Task<Dictionary<string, TEntity>> ReadStoredAsync<TEntity>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RowMapping<TEntity> mapping, IEnumerable<string> ids, CancellationToken cancellationToken)
        where TEntity : class
    {
        var stored = new Dictionary<string, TEntity>(StringComparer.Ordinal);
        var distinct = ids.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length == 0)
        {
            return stored;
        }

        await using var command = WriteCommand.Create(mapping.SelectByIdsSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = distinct });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = mapping.Read(reader);
            stored[mapping.IdOf(row)] = row;
        }

        return stored;
    }

    /// <summary>Appends the rows in their order with one binary COPY (their ids are known to be free under the book's lock).</summary>
    internal static async Task CopyAsync<TEntity>(
        NpgsqlConnection connection, RowMapping<TEntity> mapping, IReadOnlyList<(TEntity Row, long CustomerKey)> rows, long nowMs, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var importer = await connection.BeginBinaryImportAsync(mapping.CopySql, cancellationToken);
        foreach (var (row, key) in rows)
        {
            await mapping.WriteRowAsync(importer, row, key, nowMs, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static RowResult Reject(List<EarlyRejection> rejections, string rowId, FieldViolation violation)
    {
        rejections.Add(new EarlyRejection(rowId, violation));
        return RowResult.Rejected(violation);
    }
}
