using System.Data;
using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using Npgsql;
using NpgsqlTypes;

namespace CrmGrpc.Data.Postgres.Import;

/// <summary>
/// One import stream's transactions, loaded with binary COPY and merged set-based. Rows are staged as they arrive: streamed
/// with binary COPY into a TEMP table of the load's own connection (no WAL, no index, no lock on the book). Every
/// <see cref="PostgresBulkLoadOptions.UnitRows"/> rows, and at the end of the stream, the staged rows are merged into the
/// book in one transaction that first takes the book's write lock:
/// <list type="bullet">
/// <item>customers are resolved by id when the merge runs (so a customer created or erased since staging counts as it
/// is then); rows of unknown customers are rejected;</item>
/// <item>ids staged once in the unit (nearly all) go in with one <c>INSERT … SELECT … ORDER BY customer_key ON CONFLICT (id)
/// DO NOTHING</c>; when some did not insert, one join with the stored rows tells duplicates (same content) from
/// conflicts; ids staged more than once take the row-by-row rules in stream order (<see cref="Reconciler{TEntity}"/>):
/// the first row wins, a later one is a duplicate, DUPLICATE_IN_BATCH within its message, or a conflict;</item>
/// <item>the touched customers' totals are refreshed (rows that would take a total past 64 bits are taken back and
/// rejected), the rejections logged, and the staging table emptied, all in the merge's transaction.</item>
/// </list>
/// The lock makes another server's committed merge visible before this one compares, so a row shared by two streams on
/// two servers is inserted by one and a duplicate on the other. Nothing is acknowledged before its merge commits; when a
/// merge throws, nothing of it is visible and the unit stays staged. Memory is bounded by the unit, not the stream: per
/// unit this process keeps one 8-byte hash and position per staged row, and the merge reads back only the rows whose id
/// repeats within the unit. Not thread-safe: one stream stages and merges in turn. Dispose it to drop
/// the staging table and return the connection.
/// </summary>
public sealed class TransactionBulkLoad : IBulkLoad<Transaction>
{
    private const string CreateStagingSql = """
        DROP TABLE IF EXISTS pg_temp.transaction_staging;
        CREATE TEMP TABLE transaction_staging (
            position     bigint   NOT NULL, -- in the stream
            message      bigint   NOT NULL,
            id           text     NOT NULL,
            customer_id  text     NOT NULL,
            occurred_at  bigint   NOT NULL,
            amount_minor bigint   NOT NULL,
            currency     text     NOT NULL,
            kind         smallint NOT NULL,
            sale_type    smallint NOT NULL,
            cost_minor   bigint   NULL,
            product      text     NOT NULL,
            category     text     NOT NULL)
        """;

    private const string DropStagingSql = "DROP TABLE IF EXISTS pg_temp.transaction_staging";

    private const string CopySql = """
        COPY pg_temp.transaction_staging (position, message, id, customer_id, occurred_at, amount_minor, currency, kind, sale_type,
                                          cost_minor, product, category)
        FROM STDIN (FORMAT BINARY)
        """;

    // The merge's hash joins (the staged rows with customers) and its sort by customer stay in memory rather than spill
    // to temp files; one merge runs at a time (the book's lock), so this is the memory of one merge on the server.
    private const string MergeMemorySql = "SET LOCAL work_mem = '256MB'";

    // Temp tables are never analysed by autovacuum: the joins below are planned from real row counts.
    private const string AnalyzeStagingSql = "ANALYZE pg_temp.transaction_staging";

    private const string UnknownCustomersSql = """
        SELECT s.position, s.id, s.customer_id
        FROM pg_temp.transaction_staging s
        WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = s.customer_id)
        ORDER BY s.position
        """;

    // In customer-key order, each customer's rows in stream order (as the batch path inserts them): a customer's rows are
    // adjacent in the covering index, and a total past 64 bits takes back the same rows as on SQLite (by seq).
    private const string InsertUniqueSql = """
        INSERT INTO transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, cost_minor, product, category)
        SELECT s.id, c.key, s.occurred_at, s.amount_minor, s.currency, s.kind, s.sale_type, s.cost_minor, s.product, s.category
        FROM pg_temp.transaction_staging s JOIN customers c ON c.id = s.customer_id
        WHERE s.position <> ALL(@repeated)
        ORDER BY c.key, s.position
        ON CONFLICT (id) DO NOTHING
        """;

    // The unique ids that were not inserted were stored before this merge (seq at most @mark): the ones with other
    // content are conflicts, the rest duplicates.
    private const string ConflictsSql = """
        SELECT s.position, s.id
        FROM pg_temp.transaction_staging s
        JOIN customers c ON c.id = s.customer_id
        JOIN transactions t ON t.id = s.id
        WHERE s.position <> ALL(@repeated) AND t.seq <= @mark
          AND NOT (t.customer_key = c.key AND t.occurred_at = s.occurred_at AND t.amount_minor = s.amount_minor
                   AND t.currency = s.currency AND t.kind = s.kind AND t.sale_type = s.sale_type
                   AND t.cost_minor IS NOT DISTINCT FROM s.cost_minor AND t.product = s.product AND t.category = s.category)
        ORDER BY s.position
        """;

    private const string RepeatedSql = """
        SELECT s.position, s.message, s.id, s.customer_id, c.key, s.occurred_at, s.amount_minor, s.currency, s.kind, s.sale_type,
               s.cost_minor, s.product, s.category
        FROM pg_temp.transaction_staging s JOIN customers c ON c.id = s.customer_id
        WHERE s.position = ANY(@repeated)
        ORDER BY s.position
        """;

    private const string PositionsOfUniqueSql = """
        SELECT id, position FROM pg_temp.transaction_staging WHERE id = ANY(@ids) AND position <> ALL(@repeated)
        """;

    private const string ClearStagingSql = "TRUNCATE pg_temp.transaction_staging";

    private readonly NpgsqlConnection _connection;
    private readonly PostgresBulkLoadOptions _options;
    private readonly TimeProvider _time;

    // Per unit: id hash → position of its first staged row (-1 once it repeats), and the positions of every row whose id
    // hash repeats. A 64-bit hash shared by two different ids (about 3 in 10^8 at a million ids) only sends both down the
    // row-by-row path, which is exact for any row.
    private readonly Dictionary<ulong, long> _firstPositionByIdHash = [];
    private readonly List<long> _repeatedPositions = [];
    private readonly List<EarlyRejection> _early = [];
    private NpgsqlBinaryImporter? _importer;
    private long _staged;
    private bool _disposed;

    private TransactionBulkLoad(NpgsqlConnection connection, PostgresBulkLoadOptions options, TimeProvider time)
    {
        _connection = connection;
        _options = options;
        _time = time;
    }

    /// <summary>Rows staged and rows rejected early, not yet merged.</summary>
    public long Pending => _staged + _early.Count;

    /// <summary>Whether the unit is full: merge before staging more.</summary>
    public bool IsFull => Pending >= _options.UnitRows;

    internal static async Task<TransactionBulkLoad> OpenAsync(
        PostgresDatabase database, PostgresBulkLoadOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await using var command = WriteCommand.Create(CreateStagingSql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new TransactionBulkLoad(connection, options, time);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stages one message's valid rows (with their stream positions) and keeps its early rejections for the merge's log.
    /// Takes no lock on the book and writes nothing durable. Streams the rows into the open COPY: synchronous, as the seam's
    /// Stage is, but it only blocks when Npgsql's write buffer fills and the socket pushes back.
    /// </summary>
    public void Stage(IReadOnlyList<Transaction> rows, IReadOnlyList<long> positions, long message, IReadOnlyList<EarlyRejection> early)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(early);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _early.AddRange(early);
        if (rows.Count == 0)
        {
            return;
        }

        _importer ??= _connection.BeginBinaryImport(CopySql);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var position = positions[i];
            var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(row.Id.AsSpan()));
            if (_firstPositionByIdHash.TryGetValue(hash, out var first))
            {
                if (first >= 0)
                {
                    _repeatedPositions.Add(first);
                    _firstPositionByIdHash[hash] = -1;
                }

                _repeatedPositions.Add(position);
            }
            else
            {
                _firstPositionByIdHash[hash] = position;
            }

            _importer.StartRow();
            _importer.Write(position, NpgsqlDbType.Bigint);
            _importer.Write(message, NpgsqlDbType.Bigint);
            _importer.Write(row.Id, NpgsqlDbType.Text);
            _importer.Write(row.CustomerId, NpgsqlDbType.Text);
            _importer.Write(UnixMs.Of(row.OccurredAt), NpgsqlDbType.Bigint);
            _importer.Write(row.AmountMinor, NpgsqlDbType.Bigint);
            _importer.Write(row.Currency, NpgsqlDbType.Text);
            _importer.Write((short)row.Kind, NpgsqlDbType.Smallint);
            _importer.Write((short)row.SaleType, NpgsqlDbType.Smallint);
            if (row.CostMinor is { } cost)
            {
                _importer.Write(cost, NpgsqlDbType.Bigint);
            }
            else
            {
                _importer.WriteNull();
            }

            _importer.Write(row.Product, NpgsqlDbType.Text);
            _importer.Write(row.Category, NpgsqlDbType.Text);
        }

        _staged += rows.Count;
    }

    /// <summary>
    /// Merges the staged rows into the book in one write transaction and empties the unit. When this returns, every row
    /// it counts is durable; when it throws or is cancelled, nothing of the unit was written and the unit is kept.
    /// </summary>
    public async Task<MergeResult> MergeAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Pending == 0)
        {
            return MergeResult.Empty;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_importer is not null)
        {
            // The staged rows are committed to the TEMP table (outside the merge): a failed merge keeps them for the next.
            await _importer.CompleteAsync(CancellationToken.None);
            await _importer.DisposeAsync();
            _importer = null;
        }

        var started = Stopwatch.GetTimestamp();
        var result = await MergeStagedAsync(cancellationToken);
        await PostgresDatabase.BumpBookVersionAsync(_connection, CancellationToken.None);
        StoreMetrics.Record(StoreMetrics.Postgres, StoreMetrics.WriteBatch, started);
        _firstPositionByIdHash.Clear();
        _repeatedPositions.Clear();
        _early.Clear();
        _staged = 0;
        return result;
    }

    private async Task<MergeResult> MergeStagedAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        await PostgresDatabase.LockBookAsync(_connection, transaction, cancellationToken);
        var nowMs = UnixMs.Of(_time.GetUtcNow());
        var repeated = _repeatedPositions.ToArray();
        var repeatedSet = repeated.ToHashSet();
        var rejected = new List<RejectedRow>();
        long inserted = 0, duplicates = 0;
        if (_staged > 0)
        {
            await ExecuteAsync(MergeMemorySql, transaction, cancellationToken);
            await ExecuteAsync(AnalyzeStagingSql, transaction, cancellationToken);
            var unknownUnique = await RejectUnknownCustomersAsync(transaction, repeatedSet, rejected, cancellationToken);
            var mark = await CustomerTotals.LastSeqAsync(_connection, transaction, cancellationToken);
            var candidates = _staged - repeated.Length - unknownUnique;
            inserted = await ExecuteAsync(InsertUniqueSql, transaction, cancellationToken, Repeated(repeated));
            if (inserted < candidates)
            {
                var conflicts = await ConflictsAsync(transaction, repeated, mark, rejected, cancellationToken);
                duplicates += candidates - inserted - conflicts;
            }

            var insertedRepeats = new Dictionary<string, long>(StringComparer.Ordinal);
            if (repeated.Length > 0)
            {
                var (repeatsInserted, repeatsDuplicates) = await MergeRepeatedAsync(transaction, repeated, nowMs, rejected, insertedRepeats, cancellationToken);
                inserted += repeatsInserted;
                duplicates += repeatsDuplicates;
            }

            if (inserted > 0)
            {
                var takenBack = await CustomerTotals.RefreshSinceAsync(_connection, transaction, mark, cancellationToken);
                if (takenBack.Count > 0)
                {
                    var positions = await PositionsOfUniqueAsync(transaction, takenBack.Select(t => t.RowId).Where(id => !insertedRepeats.ContainsKey(id)), repeated, cancellationToken);
                    foreach (var row in takenBack)
                    {
                        var position = insertedRepeats.TryGetValue(row.RowId, out var repeatPosition) ? repeatPosition : positions[row.RowId];
                        rejected.Add(new RejectedRow(position, row.RowId, row.Violation));
                        inserted--;
                    }
                }
            }

            await ExecuteAsync(ClearStagingSql, transaction, cancellationToken);
        }

        rejected.Sort(static (x, y) => x.Position.CompareTo(y.Position));
        await RejectionLog.WriteAsync(_connection, transaction, TransactionMapping.Instance.Entity,
            [.. _early, .. rejected.Select(r => new EarlyRejection(r.Id, r.Violation))], nowMs, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(CancellationToken.None);
        return new MergeResult(inserted, duplicates, rejected);
    }

    /// <summary>Rejects the staged rows whose customer does not exist now; returns how many of them have a unique id.</summary>
    private async Task<long> RejectUnknownCustomersAsync(
        NpgsqlTransaction transaction, HashSet<long> repeated, List<RejectedRow> rejected, CancellationToken cancellationToken)
    {
        long unique = 0;
        await using var command = WriteCommand.Create(UnknownCustomersSql, _connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var position = reader.GetInt64(0);
            unique += repeated.Contains(position) ? 0 : 1;
            rejected.Add(new RejectedRow(position, reader.GetString(1), BatchWriter.UnknownCustomer(reader.GetString(2))));
        }

        return unique;
    }

    /// <summary>The unique ids that were not inserted and differ from the stored row: rejected as conflicts; returns how many.</summary>
    private async Task<long> ConflictsAsync(
        NpgsqlTransaction transaction, long[] repeated, long mark, List<RejectedRow> rejected, CancellationToken cancellationToken)
    {
        long conflicts = 0;
        await using var command = WriteCommand.Create(ConflictsSql, _connection, transaction);
        command.Parameters.Add(Repeated(repeated));
        command.Parameters.AddWithValue("mark", mark);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(1);
            rejected.Add(new RejectedRow(reader.GetInt64(0), id,
                new FieldViolation("id", $"transaction '{id}' is already stored with different content", RejectionReason.Conflict)));
            conflicts++;
        }

        return conflicts;
    }

    /// <summary>Ids staged more than once, row by row in stream order with the batch path's rules.</summary>
    private async Task<(long Inserted, long Duplicates)> MergeRepeatedAsync(
        NpgsqlTransaction transaction, long[] repeated, long nowMs, List<RejectedRow> rejected, Dictionary<string, long> insertedAt,
        CancellationToken cancellationToken)
    {
        var rows = new List<(long Position, long Message, long CustomerKey, Transaction Row)>();
        await using (var command = WriteCommand.Create(RepeatedSql, _connection, transaction))
        {
            command.Parameters.Add(Repeated(repeated));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(4), new Transaction(
                    reader.GetString(2), reader.GetString(3), UnixMs.From(reader.GetInt64(5)), reader.GetInt64(6), reader.GetString(7),
                    (TransactionKind)reader.GetInt16(8), (SaleType)reader.GetInt16(9), reader.IsDBNull(10) ? null : reader.GetInt64(10),
                    reader.GetString(11), reader.GetString(12))));
            }
        }

        var mapping = TransactionMapping.Instance;
        var reconciler = new Reconciler<Transaction>(mapping,
            await BatchWriter.ReadStoredAsync(_connection, transaction, mapping, rows.Select(r => r.Row.Id), cancellationToken));
        var inserts = new List<(Transaction Row, long CustomerKey)>();
        long duplicates = 0;
        foreach (var (position, message, key, row) in rows)
        {
            var result = reconciler.Classify(row, message);
            switch (result.Outcome)
            {
                case RowOutcome.Inserted:
                    inserts.Add((row, key));
                    insertedAt[row.Id] = position;
                    break;
                case RowOutcome.Duplicate:
                    duplicates++;
                    break;
                default:
                    rejected.Add(new RejectedRow(position, row.Id, result.Violation!));
                    break;
            }
        }

        // Sorted by customer as the unique rows were, each customer's rows in stream order (a stable sort).
        await BatchWriter.CopyAsync(_connection, mapping, [.. inserts.OrderBy(i => i.CustomerKey)], nowMs, cancellationToken);
        return (inserts.Count, duplicates);
    }

    private async Task<Dictionary<string, long>> PositionsOfUniqueAsync(
        NpgsqlTransaction transaction, IEnumerable<string> ids, long[] repeated, CancellationToken cancellationToken)
    {
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = WriteCommand.Create(PositionsOfUniqueSql, _connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids.ToArray() });
        command.Parameters.Add(Repeated(repeated));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            positions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return positions;
    }

    private static NpgsqlParameter Repeated(long[] positions) =>
        new("repeated", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = positions };

    private async Task<long> ExecuteAsync(string sql, NpgsqlTransaction? transaction, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = WriteCommand.Create(sql, _connection, transaction);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (_importer is not null)
            {
                // Disposing an import that was not completed cancels it: nothing of it stays.
                await _importer.DisposeAsync();
                _importer = null;
            }

            // The connection goes back to the pool: leave it without the staging table.
            await ExecuteAsync(DropStagingSql, null, CancellationToken.None);
        }
        catch (NpgsqlException) when (_connection.State != ConnectionState.Open)
        {
            // The session is gone (server restart, network), and its TEMP table with it: nothing is left to clean.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
