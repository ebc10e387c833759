using System.Diagnostics;
using CrmGrpc.Domain.Errors;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Sqlite.Import;

/// <summary>
/// Writes one batch of rows in one SQLite transaction with prepared statements. A new id is inserted; an
/// id stored with the same content is a duplicate (nothing written); with other content it is updated
/// (upsert mappings) or rejected as a conflict. Rows naming an unknown customer are rejected. Every
/// rejection, including the ones found earlier by validation, is logged in the same transaction. A row whose
/// insert would break a derived table (a customer's totals past 64 bits) is taken back and rejected alone. When
/// this returns, the batch is durable; when it throws or is cancelled, nothing of it was written.
/// </summary>
public sealed class BatchWriter(SqliteDatabase database, TimeProvider time)
{
    private const string CustomerKeySql = "SELECT key FROM customers WHERE id = $p0";

    /// <summary>Rejected rows kept whole per entity and code (the latest); every rejection is counted.</summary>
    public const int KeptRejectionsPerCode = 1_000;

    /// <summary>Longest stored rejected id and field, and reason; longer ones are cut and their length noted.</summary>
    public const int MaxStoredIdLength = 200;

    public const int MaxStoredReasonLength = 500;

    private const string CountRejectionsSql = """
        INSERT INTO ingest_rejection_counts (entity, code, rejected_rows) VALUES ($entity, $code, $rows)
        ON CONFLICT (entity, code) DO UPDATE SET rejected_rows = rejected_rows + excluded.rejected_rows
        """;

    // Walks the (entity, code) index from the oldest; deletes nothing while a code has at most $keep rows.
    private const string TrimRejectionsSql = """
        DELETE FROM ingest_rejections
        WHERE seq IN (SELECT seq FROM ingest_rejections WHERE entity = $entity AND code = $code ORDER BY seq
                      LIMIT max(0, (SELECT count(*) FROM ingest_rejections WHERE entity = $entity AND code = $code) - $keep))
        """;

    private const string LogRejectionSql = """
        INSERT INTO ingest_rejections (entity, row_id, code, field, reason, rejected_at)
        VALUES ($entity, $row_id, $code, $field, $reason, $at)
        """;

    public async Task<RowResult[]> WriteAsync<TEntity, TRow>(
        RowMapping<TEntity, TRow> mapping,
        IReadOnlyList<TEntity> rows,
        IReadOnlyList<EarlyRejection> earlyRejections,
        CancellationToken cancellationToken)
        where TRow : class
    {
        var results = new RowResult[rows.Count];
        if (rows.Count == 0 && earlyRejections.Count == 0)
        {
            return results;
        }

        using var writeSlot = await database.EnterWriteAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        var nowMs = UnixTime.ToMs(time.GetUtcNow());

        using var insert = new RowStatement(connection, mapping.InsertSql, mapping.ParameterCount);
        await using var select = Prepare(connection, transaction, mapping.SelectByIdSql, "$id");
        using var update = mapping.UpdateSql is { } updateSql ? new RowStatement(connection, updateSql, mapping.ParameterCount) : null;
        using var customerKey = new RowStatement(connection, CustomerKeySql, 1);
        var customerKeys = new Dictionary<string, long?>(StringComparer.Ordinal);
        var rejections = new List<EarlyRejection>(earlyRejections);
        var idsInBatch = new HashSet<string>(StringComparer.Ordinal);
        var mark = mapping.BeforeInserts(connection, transaction);
        var inserted = false;

        for (var i = 0; i < rows.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = rows[i];
            long key = 0;
            if (mapping.CustomerIdOf(row) is { } customerId)
            {
                if (LookUpCustomer(customerKey, customerKeys, customerId) is not { } found)
                {
                    results[i] = Reject(rejections, mapping.IdOf(row), new FieldViolation(
                        "customer_id", $"customer '{customerId}' does not exist", RejectionReason.UnknownCustomer));
                    continue;
                }

                key = found;
            }

            mapping.Bind(insert, row, key, nowMs);
            var id = mapping.IdOf(row);
            var wasInserted = insert.Execute() == 1;
            inserted |= wasInserted;
            results[i] = wasInserted
                ? RowResult.Inserted
                : Reconcile(mapping, row, key, nowMs, select, idsInBatch.Contains(id) ? null : update, idsInBatch.Contains(id), rejections);
            if (results[i].Outcome != RowOutcome.Rejected)
            {
                idsInBatch.Add(id);
            }
        }

        if (inserted)
        {
            TakeBack(mapping, rows, results, rejections, mapping.AfterInserts(connection, transaction, mark));
        }

        if (rejections.Count > 0)
        {
            LogRejections(connection, transaction, mapping.Entity, rejections, nowMs);
        }

        transaction.Commit();
        StoreMetrics.Record(StoreMetrics.Sqlite, StoreMetrics.WriteBatch, started);
        return results;
    }

    /// <summary>Inserts one row unless its id is taken (then returns false and writes nothing, logs nothing).</summary>
    public async Task<bool> InsertIfAbsentAsync<TEntity, TRow>(RowMapping<TEntity, TRow> mapping, TEntity row, CancellationToken cancellationToken)
        where TRow : class
    {
        using var writeSlot = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        using var insert = new RowStatement(connection, mapping.InsertSql, mapping.ParameterCount);
        var mark = mapping.BeforeInserts(connection, transaction);
        mapping.Bind(insert, row, 0, UnixTime.ToMs(time.GetUtcNow()));
        var inserted = insert.Execute() == 1;
        if (inserted && mapping.AfterInserts(connection, transaction, mark) is [var takenBack, ..])
        {
            throw new InvalidArgumentException([takenBack.Violation]);
        }

        transaction.Commit();
        return inserted;
    }

    /// <summary>Marks the inserted rows that the mapping took back after the inserts as rejected, with its reasons.</summary>
    private static void TakeBack<TEntity, TRow>(
        RowMapping<TEntity, TRow> mapping, IReadOnlyList<TEntity> rows, RowResult[] results, List<EarlyRejection> rejections,
        IReadOnlyList<EarlyRejection> takenBack)
        where TRow : class
    {
        if (takenBack.Count == 0)
        {
            return;
        }

        // Ids are unique among a batch's inserted rows, so each taken-back id names exactly one of them.
        var insertedAt = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (results[i].Outcome == RowOutcome.Inserted)
            {
                insertedAt[mapping.IdOf(rows[i])] = i;
            }
        }

        foreach (var rejection in takenBack)
        {
            results[insertedAt[rejection.RowId]] = RowResult.Rejected(rejection.Violation);
            rejections.Add(rejection);
        }
    }

    /// <summary>
    /// The insert found the id taken: a duplicate, an update (upserts) or a conflict. An id that an earlier row
    /// of the same batch wrote is never updated: two different rows under one id in one batch are ambiguous.
    /// </summary>
    private static RowResult Reconcile<TEntity, TRow>(
        RowMapping<TEntity, TRow> mapping, TEntity row, long key, long nowMs,
        SqliteCommand select, RowStatement? update, bool earlierInBatch, List<EarlyRejection> rejections)
        where TRow : class
    {
        var id = mapping.IdOf(row);
        select.Parameters[0].Value = id;
        TEntity stored;
        using (var reader = select.ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new InvalidOperationException($"{mapping.Entity} '{id}' vanished inside its transaction.");
            }

            stored = mapping.Read(reader, RowMapping<TEntity, TRow>.Parser(reader));
        }

        if (mapping.SameContent(stored, row))
        {
            return RowResult.Duplicate;
        }

        if (update is not null)
        {
            mapping.Bind(update, row, key, nowMs);
            update.Execute();
            return RowResult.Updated;
        }

        return Reject(rejections, id, earlierInBatch
            ? new FieldViolation("id", $"{mapping.Entity} '{id}' appears earlier in this batch with different content", RejectionReason.DuplicateInBatch)
            : new FieldViolation("id", $"{mapping.Entity} '{id}' is already stored with different content", RejectionReason.Conflict));
    }

    private static RowResult Reject(List<EarlyRejection> rejections, string rowId, FieldViolation violation)
    {
        rejections.Add(new EarlyRejection(rowId, violation));
        return RowResult.Rejected(violation);
    }

    private static long? LookUpCustomer(RowStatement lookup, Dictionary<string, long?> cache, string customerId)
    {
        if (!cache.TryGetValue(customerId, out var key))
        {
            lookup.Set(0, customerId);
            key = lookup.QueryInt64();
            cache[customerId] = key;
        }

        return key;
    }

    /// <summary>
    /// Counts the rejections per code and keeps the latest <see cref="KeptRejectionsPerCode"/> of each code whole, with
    /// ids, fields and reasons cut to a bounded length: what a client sends wrong costs the disk a bounded amount.
    /// </summary>
    internal static void LogRejections(SqliteConnection connection, SqliteTransaction transaction, string entity, List<EarlyRejection> rejections, long nowMs)
    {
        using var log = Prepare(connection, transaction, LogRejectionSql, "$entity", "$row_id", "$code", "$field", "$reason", "$at");
        var perCode = new Dictionary<int, long>();
        foreach (var rejection in rejections)
        {
            var code = (int)rejection.Violation.Reason;
            perCode[code] = perCode.GetValueOrDefault(code) + 1;
            log.Parameters[0].Value = entity;
            log.Parameters[1].Value = Bounded(rejection.RowId, MaxStoredIdLength);
            log.Parameters[2].Value = code;
            log.Parameters[3].Value = Bounded(rejection.Violation.Field, MaxStoredIdLength);
            log.Parameters[4].Value = Bounded(rejection.Violation.Description, MaxStoredReasonLength);
            log.Parameters[5].Value = nowMs;
            log.ExecuteNonQuery();
        }

        using var count = Prepare(connection, transaction, CountRejectionsSql, "$entity", "$code", "$rows");
        using var trim = Prepare(connection, transaction, TrimRejectionsSql, "$entity", "$code", "$keep");
        foreach (var (code, rows) in perCode)
        {
            count.Parameters[0].Value = entity;
            count.Parameters[1].Value = code;
            count.Parameters[2].Value = rows;
            count.ExecuteNonQuery();
            trim.Parameters[0].Value = entity;
            trim.Parameters[1].Value = code;
            trim.Parameters[2].Value = KeptRejectionsPerCode;
            trim.ExecuteNonQuery();
        }
    }

    /// <summary>The text itself when short enough, else its start (cut by <see cref="Echo.Clip"/>) and its length.</summary>
    internal static string Bounded(string text, int maxLength) =>
        text.Length <= maxLength ? text : $"{Echo.Clip(text, maxLength - 32)} ({text.Length} characters)";

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] named)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in named)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }
}
