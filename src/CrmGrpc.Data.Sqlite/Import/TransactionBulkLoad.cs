using System.Diagnostics;
using System.Globalization;
using CrmGrpc.Data.Sqlite.Native;
using CrmGrpc.Data.Sqlite.Rows;
using CrmGrpc.Data.Sqlite.Totals;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Data.Sqlite.Import;

/// <summary>Opens the bulk loads of transaction imports (one per stream).</summary>
public sealed class TransactionBulkLoads(SqliteDatabase database, IOptions<BulkLoadOptions> options, CustomerErasures erasures, TimeProvider time)
{
    public async Task<IBulkLoad<Transaction>> OpenAsync(CancellationToken cancellationToken) =>
        await TransactionBulkLoad.OpenAsync(database, options.Value, erasures, time, cancellationToken);
}

/// <summary>
/// One import stream's transactions, loaded at a speed that does not depend on their order (issue 16). Rows are
/// staged as they arrive, in memory (no SQLite, no writer slot, in any order). Every <see cref="BulkLoadOptions.UnitRows"/>
/// rows, and at the end of the stream, the staged rows are merged into the book in one write transaction: sorted by
/// customer key, so the covering index (customer_key, day, …) is walked once from left to right and each of its pages
/// is written once per merge, however the rows arrived. Inserting them in arrival order committed every random page a
/// time-ordered stream touched, over and over: 18,500 rows/s against 209,000 customer by customer. The sort and the
/// copy to SQLite's temp file are <see cref="Prepare"/>'s, which needs no writer slot, so that an import prepares a
/// full unit on one core while the previous unit merges on the other.
/// <list type="bullet">
/// <item>Idempotency and conflicts as <see cref="BatchWriter"/>: a stored id with the same content is a duplicate,
/// with other content a conflict; an id repeated with other content within one message is DUPLICATE_IN_BATCH. Ids that
/// occur once in the unit (nearly all) go in with one INSERT … SELECT … ON CONFLICT DO NOTHING and are classified
/// only when some were not inserted; ids staged more than once go through the row-by-row rules in stream order.</item>
/// <item>Per-customer totals are refreshed in the merge's transaction, and the staged rows are deleted in it too: a merge is
/// all or nothing, readers see the book before or after it. Prepare sums the unit per customer (<see cref="UnitTotals"/>)
/// and the merge adds those sums (<see cref="CustomerTotals.RefreshFromUnit"/>) when the rows it inserted are exactly the
/// ones summed; after a duplicate, a conflict, a repeated id, a customer unknown when staged or an erasure it sums the
/// inserted rows instead (<see cref="CustomerTotals.RefreshSince"/>).</item>
/// <item>Nothing is acknowledged before its merge commits; a kill -9 loses the staged rows (memory and a TEMP table),
/// which the client was never told were stored. Memory is bounded by the unit: staged rows take about 110 bytes each in native
/// memory (<see cref="StagedRows"/>) until Prepare writes them to SQLite's temp file (sorting them takes 24 bytes a row
/// meanwhile), and this keeps one small entry per customer met (at most 2^20 customers).</item>
/// </list>
/// Not thread-safe: one stream stages, prepares and merges in turn. Dispose it to free the staged rows.
/// </summary>
public sealed class TransactionBulkLoad : IBulkLoad<Transaction>
{
    // The unit sorted for its merge (rowid order = customer key, then stream position), written by Prepare.
    private const string CreateMergeSql = """
        CREATE TEMP TABLE transaction_merge (
            position     INTEGER NOT NULL,
            message      INTEGER NOT NULL,
            repeated     INTEGER NOT NULL,
            id           TEXT    NOT NULL,
            customer_id  TEXT    NOT NULL,
            customer_key INTEGER NULL,
            occurred_at  INTEGER NOT NULL,
            amount_minor INTEGER NOT NULL,
            currency     TEXT    NOT NULL,
            kind         INTEGER NOT NULL,
            sale_type    INTEGER NOT NULL,
            cost_minor   INTEGER NULL,
            product      TEXT    NOT NULL,
            category     TEXT    NOT NULL)
        """;

    private const string DropMergeSql = "DROP TABLE IF EXISTS temp.transaction_merge";

    private const string InsertMergeSql = """
        INSERT INTO temp.transaction_merge (position, message, repeated, id, customer_id, customer_key, occurred_at, amount_minor,
                                            currency, kind, sale_type, cost_minor, product, category)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13)
        """;

    private const string CustomerKeySql = "SELECT key FROM main.customers WHERE id = $p0";

    // Customers created since their rows were staged; after an erasure also rows whose key no longer names their customer.
    private const string ResolveUnknownSql = """
        UPDATE temp.transaction_merge
        SET customer_key = (SELECT c.key FROM main.customers c WHERE c.id = transaction_merge.customer_id)
        WHERE customer_key IS NULL
        """;

    private const string ResolveAllSql = """
        UPDATE temp.transaction_merge
        SET customer_key = (SELECT c.key FROM main.customers c WHERE c.id = transaction_merge.customer_id)
        WHERE customer_key IS NULL
           OR NOT EXISTS (SELECT 1 FROM main.customers c WHERE c.key = transaction_merge.customer_key AND c.id = transaction_merge.customer_id)
        """;

    private const string UnknownCustomersSql = """
        SELECT position, id, customer_id FROM temp.transaction_merge WHERE customer_key IS NULL ORDER BY position
        """;

    // In customer-key order, as Prepare sorted them (rowid order): each page of the covering index is written once.
    // Within a customer in stream order, as the batch path inserts them, so seq (the rowid) orders a customer's rows as
    // before and a total that would pass 64 bits takes back the same rows (CustomerTotals.RefreshSince walks the unit's
    // rows by seq). A customer resolved only at the merge (created meanwhile) keeps its rows in stream order too.
    private const string InsertUniqueSql = """
        INSERT INTO main.transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, cost_minor, product, category)
        SELECT id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, cost_minor, product, category
        FROM temp.transaction_merge
        WHERE repeated = 0 AND customer_key IS NOT NULL
        ORDER BY rowid
        ON CONFLICT (id) DO NOTHING
        """;

    private const string CountUniqueSql = """
        SELECT count(*) FROM temp.transaction_merge WHERE repeated = 0 AND customer_key IS NOT NULL
        """;

    // The unique ids that were not inserted were stored before this merge (seq at most $mark): the same content is a
    // duplicate, else a conflict. CROSS JOIN keeps the staged rows outside, seeking each id in the id index.
    private const string ClassifyUniqueSql = """
        SELECT s.position, s.id,
               t.customer_key = s.customer_key AND t.occurred_at = s.occurred_at AND t.amount_minor = s.amount_minor
               AND t.currency = s.currency AND t.kind = s.kind AND t.sale_type = s.sale_type AND t.cost_minor IS s.cost_minor
               AND t.product = s.product AND t.category = s.category
        FROM temp.transaction_merge s CROSS JOIN main.transactions t
        WHERE s.repeated = 0 AND s.customer_key IS NOT NULL AND t.id = s.id AND t.seq <= $mark
        ORDER BY s.position
        """;

    private const string RepeatedSql = """
        SELECT position, message, id, customer_id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, cost_minor,
               product, category
        FROM temp.transaction_merge
        WHERE repeated = 1 AND customer_key IS NOT NULL
        ORDER BY position
        """;

    private const string PositionOfUniqueSql = "SELECT position FROM temp.transaction_merge WHERE repeated = 0 AND id = $id";

    private const string ClearMergeSql = "DELETE FROM temp.transaction_merge";

    private readonly SqliteDatabase _database;
    private readonly BulkLoadOptions _options;
    private readonly CustomerErasures _erasures;
    private readonly TimeProvider _time;
    private readonly SqliteConnection _connection;
    private readonly long _defaultCacheSize;
    private readonly RowStatement _toMerge;
    private readonly RowStatement _customerKey;
    private readonly StagedRows _rows = new();
    private readonly UnitTotals _unitTotals;

    // Customer id → key (null: unknown), kept from unit to unit (a time-ordered stream meets most customers in every unit)
    // until a customer is erased, at most BulkLoadOptions.CachedCustomerKeys. Once a load has looked up
    // ReadAllCustomerKeysAfter customers one by one it reads every customer's key in one scan instead, if the book has no
    // more customers than the cache holds; then a customer missing from the cache was not in the book when it was read,
    // and is resolved at the merge like any customer unknown when staged.
    private const string AllCustomerKeysSql = "SELECT id, key FROM main.customers";

    private readonly Dictionary<string, long?> _customerKeys = new(StringComparer.Ordinal);
    private long _customersLookedUp;
    private bool _allCustomerKeysCached;
    private bool _tooManyCustomersToCache;
    private readonly List<EarlyRejection> _early = [];
    private long _staged;
    private long _unknownStaged;
    private long _repeatedStaged;
    private bool _unitSummed;
    private long _erasuresAtStart;
    private bool _prepared;
    private bool _disposed;

    private TransactionBulkLoad(
        SqliteDatabase database, BulkLoadOptions options, CustomerErasures erasures, TimeProvider time, SqliteConnection connection, long defaultCacheSize)
    {
        _database = database;
        _options = options;
        _erasures = erasures;
        _time = time;
        _connection = connection;
        _defaultCacheSize = defaultCacheSize;
        _toMerge = new RowStatement(connection, InsertMergeSql, 14);
        _customerKey = new RowStatement(connection, CustomerKeySql, 1);
        _unitTotals = new UnitTotals(connection);
    }

    /// <summary>Rows staged and rows rejected early, not yet merged.</summary>
    public long Pending => _staged + _early.Count;

    /// <summary>Whether the unit is full: merge before staging more.</summary>
    /// <remarks>
    /// Smaller first units (a quarter, then a half) were tried so that a stream of about one unit merges beside its
    /// staging: 264,000–284,000 rows/s against 237,000 at 100k / 1M, but at 1M / 10M 255,000–280,000 against 290,000
    /// and a working set after the import 100–150 MB larger, so units are whole from the start.
    /// </remarks>
    public bool IsFull => Pending >= _options.UnitRows;

    internal static async Task<TransactionBulkLoad> OpenAsync(
        SqliteDatabase database, BulkLoadOptions options, CustomerErasures erasures, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            var defaultCacheSize = Scalar(connection, "PRAGMA main.cache_size");
            // A file-backed temp store: the unit waiting for its merge spills to SQLite's temp file rather than the
            // process's memory. No foreign-key checks: the merge inserts only rows whose customer key it resolved in its
            // own write transaction (every key again after an erasure), so checking each row's customer once more was a
            // tenth of the insert.
            Execute(connection, string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA temp_store = FILE; PRAGMA foreign_keys = OFF; PRAGMA main.cache_size = {-1024L * options.MergeCacheMebibytes}; {DropMergeSql}; {CreateMergeSql}; {UnitTotals.DropSql}; {UnitTotals.CreateSql}"));
            return new TransactionBulkLoad(database, options, erasures, time, connection, defaultCacheSize);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stages one message's valid rows (with their stream positions) and keeps its early rejections for the merge's
    /// log. Takes no writer slot and writes nothing durable.
    /// </summary>
    public void Stage(IReadOnlyList<Transaction> rows, IReadOnlyList<long> positions, long message, IReadOnlyList<EarlyRejection> early)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(early);
        if (_prepared)
        {
            throw new InvalidOperationException("The unit is prepared for its merge: merge it before staging more.");
        }

        if (Pending == 0)
        {
            // Before any key is looked up: an erasure counted after this may have removed a key staged below. Keys
            // looked up for earlier units stay valid until a customer is erased.
            if (_erasures.Count != _erasuresAtStart)
            {
                ForgetCustomerKeys();
            }

            _erasuresAtStart = _erasures.Count;
        }

        _early.AddRange(early);
        if (rows.Count == 0)
        {
            return;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var key = LookUpCustomer(row.CustomerId);
            _unknownStaged += key is null ? 1 : 0;
            _rows.Add(row, positions[i], message, key, UnixTime.ToMs(row.OccurredAt));
        }

        _staged += rows.Count;
    }

    /// <summary>
    /// Writes the staged rows to the merge's table sorted by customer key (then stream position), and the unit's own
    /// per-customer totals beside them, without the writer slot: called when the unit is full, it runs while the stream's
    /// previous unit merges. Stage nothing more before merging.
    /// </summary>
    public void Prepare()
    {
        if (_rows.Count > 0 && !_prepared)
        {
            // Deferred: the TEMP tables are the connection's own, so this never takes the book's write lock.
            using var transaction = _connection.BeginTransaction(deferred: true);
            _repeatedStaged = _rows.MarkRepeatedIds();
            _unitTotals.Reset();
            _rows.WriteSorted(_toMerge, _unitTotals);
            transaction.Commit();
            _unitSummed = _unitTotals.Complete;
            _rows.Clear();
        }

        _prepared = true;
    }

    /// <summary>
    /// Merges the staged rows into the book in one write transaction and empties the unit. When this returns, every row
    /// it counts is durable; when it throws or is cancelled, nothing of the unit was written and the unit is kept.
    /// </summary>
    public async Task<MergeResult> MergeAsync(CancellationToken cancellationToken)
    {
        if (Pending == 0)
        {
            _prepared = false;
            return MergeResult.Empty;
        }

        Prepare();
        using var writeSlot = await _database.EnterWriteAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var result = Merge(cancellationToken);
        StoreMetrics.Record(StoreMetrics.Sqlite, StoreMetrics.WriteBatch, started);
        // The merge filled the page cache; a stream's two loads would otherwise hold two full caches between merges.
        Execute(_connection, "PRAGMA shrink_memory");
        if (_unknownStaged > 0 || _customerKeys.Count > _options.CachedCustomerKeys)
        {
            // Customers unknown when staged may exist now; and the cache stays bounded.
            ForgetCustomerKeys();
        }

        _early.Clear();
        (_staged, _unknownStaged, _repeatedStaged) = (0, 0, 0);
        (_prepared, _unitSummed) = (false, false);
        return result;
    }

    private MergeResult Merge(CancellationToken cancellationToken)
    {
        using var interrupt = SqliteDatabase.InterruptOnCancel(_connection, cancellationToken);
        using var transaction = _connection.BeginTransaction();
        var nowMs = UnixTime.ToMs(_time.GetUtcNow());
        var rejected = new List<RejectedRow>();
        // The keys staged are the keys merged: no customer was erased or unknown since (the unit's own totals count on it).
        var keysAsStaged = _erasures.Count == _erasuresAtStart && _unknownStaged == 0;
        if (_erasures.Count != _erasuresAtStart)
        {
            Execute(_connection, ResolveAllSql, transaction);
        }
        else if (_unknownStaged > 0)
        {
            Execute(_connection, ResolveUnknownSql, transaction);
        }

        if (!keysAsStaged)
        {
            RejectUnknownCustomers(rejected);
        }

        var mark = CustomerTotals.LastSeq(_connection, transaction);
        long inserted = Execute(_connection, InsertUniqueSql, transaction);
        long duplicates = 0;
        cancellationToken.ThrowIfCancellationRequested();
        var unique = keysAsStaged ? _staged - _repeatedStaged : Scalar(_connection, CountUniqueSql, transaction);
        var allUniqueInserted = inserted == unique;
        if (!allUniqueInserted)
        {
            duplicates += ClassifyUnique(mark, rejected);
        }

        var (repeatsInserted, repeatsDuplicates, insertedRepeats) = _repeatedStaged == 0
            ? (0L, 0L, new Dictionary<string, long>())
            : MergeRepeated(transaction, nowMs, rejected, cancellationToken);
        inserted += repeatsInserted;
        duplicates += repeatsDuplicates;
        if (inserted > 0)
        {
            // The unit's own totals are exactly the inserted rows' when every row it summed (the unique ones of known
            // customers) went in, and nothing else did.
            var takenBackRows = keysAsStaged && _unitSummed && allUniqueInserted && repeatsInserted == 0
                ? CustomerTotals.RefreshFromUnit(_connection, transaction, mark)
                : CustomerTotals.RefreshSince(_connection, transaction, mark);
            foreach (var takenBack in takenBackRows)
            {
                var position = insertedRepeats.TryGetValue(takenBack.RowId, out var repeatPosition) ? repeatPosition : PositionOfUnique(takenBack.RowId);
                rejected.Add(new RejectedRow(position, takenBack.RowId, takenBack.Violation));
                inserted--;
            }
        }
        rejected.Sort(static (x, y) => x.Position.CompareTo(y.Position));
        if (_early.Count > 0 || rejected.Count > 0)
        {
            BatchWriter.LogRejections(_connection, transaction, TransactionMapping.Instance.Entity,
                [.. _early, .. rejected.Select(r => new EarlyRejection(r.Id, r.Violation))], nowMs);
        }

        Execute(_connection, ClearMergeSql, transaction);
        Execute(_connection, UnitTotals.ClearSql, transaction);
        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
        return new MergeResult(inserted, duplicates, rejected);
    }

    private void RejectUnknownCustomers(List<RejectedRow> rejected)
    {
        using var unknown = new RowReader(_connection, UnknownCustomersSql, []);
        while (unknown.Read())
        {
            var customerId = unknown.GetString(2);
            rejected.Add(new RejectedRow(unknown.GetInt64(0), unknown.GetString(1), new FieldViolation(
                "customer_id", $"customer '{customerId}' does not exist", RejectionReason.UnknownCustomer)));
        }
    }

    /// <summary>The unique ids that were not inserted: duplicates (counted) or conflicts (rejected).</summary>
    private long ClassifyUnique(long mark, List<RejectedRow> rejected)
    {
        long duplicates = 0;
        using var stored = new RowReader(_connection, ClassifyUniqueSql, [new("$mark", mark)]);
        while (stored.Read())
        {
            if (stored.GetInt64(2) == 1)
            {
                duplicates++;
                continue;
            }

            var id = stored.GetString(1);
            rejected.Add(new RejectedRow(stored.GetInt64(0), id, Conflict(id)));
        }

        return duplicates;
    }

    /// <summary>
    /// Ids staged more than once, row by row in stream order with <see cref="BatchWriter"/>'s rules: the first row that can be
    /// stored is; a later one is a duplicate when it has the stored content, else DUPLICATE_IN_BATCH when an earlier row
    /// of its own message was kept, else a conflict.
    /// </summary>
    private (long Inserted, long Duplicates, Dictionary<string, long> InsertedAt) MergeRepeated(
        SqliteTransaction transaction, long nowMs, List<RejectedRow> rejected, CancellationToken cancellationToken)
    {
        var mapping = TransactionMapping.Instance;
        var insertedAt = new Dictionary<string, long>(StringComparer.Ordinal);
        var keptInMessage = new Dictionary<string, long>(StringComparer.Ordinal);
        long inserted = 0, duplicates = 0;
        using var insert = new RowStatement(_connection, mapping.InsertSql, mapping.ParameterCount);
        using var select = _connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = mapping.SelectByIdSql;
        var idParameter = select.Parameters.Add(new SqliteParameter("$id", null));
        using var rows = new RowReader(_connection, RepeatedSql, []);
        while (rows.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (position, message, id) = (rows.GetInt64(0), rows.GetInt64(1), rows.GetString(2));
            var row = new Transaction(id, rows.GetString(3), UnixTime.FromMs(rows.GetInt64(5)), rows.GetInt64(6), rows.GetString(7),
                (TransactionKind)rows.GetInt64(8), (SaleType)rows.GetInt64(9), rows.IsNull(10) ? null : rows.GetInt64(10),
                rows.GetString(11), rows.GetString(12));
            mapping.Bind(insert, row, rows.GetInt64(4), nowMs);
            if (insert.Execute() == 1)
            {
                inserted++;
                insertedAt[id] = position;
                keptInMessage[id] = message;
                continue;
            }

            idParameter.Value = id;
            Transaction stored;
            using (var reader = select.ExecuteReader())
            {
                if (!reader.Read())
                {
                    throw new InvalidOperationException($"transaction '{id}' vanished inside its transaction.");
                }

                stored = mapping.Read(reader, RowMapping<Transaction, TransactionRow>.Parser(reader));
            }

            if (mapping.SameContent(stored, row))
            {
                duplicates++;
                keptInMessage[id] = message;
                continue;
            }

            rejected.Add(new RejectedRow(position, id, keptInMessage.TryGetValue(id, out var kept) && kept == message
                ? new FieldViolation("id", $"transaction '{id}' appears earlier in this batch with different content", RejectionReason.DuplicateInBatch)
                : Conflict(id)));
        }

        return (inserted, duplicates, insertedAt);
    }

    private static FieldViolation Conflict(string id) =>
        new("id", $"transaction '{id}' is already stored with different content", RejectionReason.Conflict);

    private long PositionOfUnique(string id)
    {
        using var reader = new RowReader(_connection, PositionOfUniqueSql, [new("$id", id)]);
        return reader.Read() ? reader.GetInt64(0) : throw new InvalidOperationException($"transaction '{id}' was not staged.");
    }

    /// <summary>Whether every customer's key is cached (<see cref="BulkLoadOptions.ReadAllCustomerKeysAfter"/>).</summary>
    internal bool AllCustomerKeysCached => _allCustomerKeysCached;

    private long? LookUpCustomer(string customerId)
    {
        if (_customerKeys.TryGetValue(customerId, out var key))
        {
            return key;
        }

        if (_allCustomerKeysCached)
        {
            return null;
        }

        if (++_customersLookedUp == _options.ReadAllCustomerKeysAfter && !_tooManyCustomersToCache && CacheAllCustomerKeys())
        {
            return _customerKeys.GetValueOrDefault(customerId);
        }

        _customerKey.Set(0, customerId);
        key = _customerKey.QueryInt64();
        _customerKeys[customerId] = key;
        return key;
    }

    /// <summary>
    /// Reads every customer's key in one scan of the id index: measured at 1M / 10M in random order, the first unit of
    /// each of a stream's two loads looked up 645,000 customers one by one, 1.7–1.9 s of the staging core each (3 µs a
    /// look-up). False, nothing cached and never tried again by this load, when the book has more customers than the
    /// cache holds.
    /// </summary>
    private bool CacheAllCustomerKeys()
    {
        _customerKeys.Clear();
        using var reader = new RowReader(_connection, AllCustomerKeysSql, []);
        while (reader.Read())
        {
            if (_customerKeys.Count == _options.CachedCustomerKeys)
            {
                _customerKeys.Clear();
                _tooManyCustomersToCache = true;
                return false;
            }

            _customerKeys[reader.GetString(0)] = reader.GetInt64(1);
        }

        _allCustomerKeysCached = true;
        return true;
    }

    private void ForgetCustomerKeys()
    {
        _customerKeys.Clear();
        (_customersLookedUp, _allCustomerKeysCached) = (0, false);
    }

    private static int Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _toMerge.Dispose();
        _customerKey.Dispose();
        _unitTotals.Dispose();
        _rows.Dispose();
        try
        {
            // The connection goes back to the pool: leave it as it was opened.
            Execute(_connection, string.Create(CultureInfo.InvariantCulture,
                $"{DropMergeSql}; {UnitTotals.DropSql}; PRAGMA main.cache_size = {_defaultCacheSize}; PRAGMA temp_store = DEFAULT; PRAGMA foreign_keys = ON"));
        }
        finally
        {
            await _connection.DisposeAsync();
            ProcessMemory.ReturnFreedMemory();
        }
    }
}
