using System.Diagnostics;
using System.Runtime.CompilerServices;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Data.Sqlite.Native;
using CrmGrpc.Data.Sqlite.Totals;
using Microsoft.Data.Sqlite;

using CrmGrpc.Data.Repositories;

namespace CrmGrpc.Data.Sqlite.Repositories;

/// <summary>
/// Streams <see cref="CustomerFacts"/> customer by customer, in customer-key order, as of a date. Six readers
/// in key order — customers, stored purchase totals (customers with nothing after the as-of day), totals
/// recomputed from the transactions up to the as-of day (the others; SQLite summarises in covering-index order,
/// so it never sorts), activity, surveys, support — are merged like a merge join. All run on one
/// connection inside one read transaction, so they see one snapshot. Memory does not grow with the book.
/// </summary>
public sealed class CustomerScanRepository(SqliteDatabase database) : ICustomerScanRepository
{

    private const string SelectedCustomers = """
        SELECT c.key, c.id, c.acquired_at, c.churned_at FROM customers c
        WHERE c.key BETWEEN @firstKey AND @lastKey
          AND (@segment IS NULL OR c.segment = @segment) AND (@channel IS NULL OR c.channel = @channel) {0}
        ORDER BY c.key
        """;

    private const string IdFilter = " AND c.id IN (SELECT id FROM temp.scan_ids)";

    // Distinct purchase days up to the as-of day, in the covering index's (customer_key, day) order.
    private const string PurchaseDayNumbers = """
        SELECT t.customer_key, t.day FROM transactions t
        WHERE t.kind = 1 AND t.day <= @asOfDay AND t.customer_key BETWEEN @firstKey AND @lastKey {0}
        GROUP BY t.customer_key, t.day
        ORDER BY t.customer_key, t.day
        """;

    // Customers whose every transaction is on or before the as-of day: their stored totals (one row each).
    private static readonly string StoredTotals = CustomerTotals.WithConditions(CustomerTotals.Stored, " AND ct.latest_day <= @asOfDay AND ct.customer_key BETWEEN @firstKey AND @lastKey{0}");

    private const string StoredKeyFilter = " AND ct.customer_key IN " + SelectedKeys;

    // The others (a transaction after the as-of day): summarised from their transactions up to it.
    private static readonly string RecomputedTotals = CustomerTotals.WithConditions(CustomerTotals.Aggregate, " AND t.day <= @asOfDay" + AfterAsOfInKeyRange + "{0}");

    private const string KeyFilter = " AND t.customer_key IN " + SelectedKeys;

    // CROSS JOIN fixes the order: from the few named ids to the customers' id index. Left to the planner (the temp table
    // has no statistics), SQLite scanned every customer and probed the ids: 16 ms of each GetCustomerMetrics at 100k.
    private const string SelectedKeys = "(SELECT c.key FROM temp.scan_ids s CROSS JOIN customers c ON c.id = s.id)";

    private const string AfterAsOf = LaterCustomers + ")";

    private const string LaterCustomers = " AND t.customer_key IN (SELECT l.customer_key FROM customer_totals l WHERE l.latest_day > @asOfDay";

    // A fit's part reads one range of keys: the list of customers with later transactions comes from that range only
    // (measured on 1M totals, half the range: 30 ms against 62 ms for the whole list).
    private const string AfterAsOfInKeyRange =
        LaterCustomers + " AND l.customer_key BETWEEN @firstKey AND @lastKey) AND t.customer_key BETWEEN @firstKey AND @lastKey";

    private const string Activity = """
        SELECT customer_key, max(occurred_at), total(CASE WHEN occurred_at >= @since30Days THEN count END)
        FROM activity_events WHERE occurred_at < @asOf AND customer_key BETWEEN @firstKey AND @lastKey
        GROUP BY customer_key ORDER BY customer_key
        """;

    // One max() per group makes SQLite take `score` from the latest row (its documented bare-column rule).
    private const string Surveys = """
        SELECT customer_key, kind, max(responded_at), score, count(CASE WHEN responded_at >= @sinceYear THEN 1 END)
        FROM survey_responses WHERE responded_at < @asOf AND customer_key BETWEEN @firstKey AND @lastKey
        GROUP BY customer_key, kind ORDER BY customer_key
        """;

    private const string Support = """
        SELECT customer_key,
               count(CASE WHEN opened_at >= @sinceYear THEN 1 END),
               count(CASE WHEN resolved_at IS NULL OR resolved_at >= @asOf THEN 1 END),
               avg(CASE WHEN opened_at >= @sinceYear AND first_response_at IS NOT NULL AND first_response_at < @asOf
                        THEN (first_response_at - opened_at) / 1000.0 END)
        FROM support_interactions WHERE opened_at < @asOf AND customer_key BETWEEN @firstKey AND @lastKey
        GROUP BY customer_key ORDER BY customer_key
        """;

    // Every purchasing customer's RFM inputs, the values the scan derives: stored totals, else from the transactions.
    private const string RfmInputs = """
        SELECT ct.last_day, ct.purchases, ct.purchase_minor FROM customer_totals ct
        WHERE ct.latest_day <= @asOfDay AND ct.purchases > 0
        UNION ALL
        SELECT max(t.day), count(*), sum(t.amount_minor)
        FROM transactions t INDEXED BY ix_transactions_customer_time
        WHERE t.kind = 1 AND t.day <= @asOfDay
        """ + AfterAsOf + """

        GROUP BY t.customer_key
        """;

    private const string TotalsRows = "SELECT count(*) FROM customer_totals";

    // Purchasing customers' histories for fitting, of the keys @firstKey to @lastKey, from their totals or their
    // transactions; {0} takes the segment filter.
    private const string StoredHistories = """
        SELECT ct.purchase_days - 1, ct.last_day - ct.first_day, @asOfDay - ct.first_day, ct.purchase_minor - ct.first_day_minor
        FROM customer_totals ct
        WHERE ct.latest_day <= @asOfDay AND ct.first_day IS NOT NULL AND ct.customer_key BETWEEN @firstKey AND @lastKey {0}
        """;

    private static readonly string RecomputedHistories =
        "SELECT h.purchase_days - 1, h.last_day - h.first_day, @asOfDay - h.first_day, h.purchase_minor - h.first_day_minor FROM ("
        + CustomerTotals.WithConditions(CustomerTotals.Aggregate, " AND t.day <= @asOfDay" + AfterAsOfInKeyRange + "{0}")
        + ") h WHERE h.first_day IS NOT NULL";

    private const string StoredSegmentFilter = " AND ct.customer_key IN " + SegmentKeys;

    // Two subqueries: SQLite seeks the end of the key b-tree for a lone min() or max(), and scans it for both at once.
    private const string CustomerKeys = "SELECT (SELECT min(key) FROM customers), (SELECT max(key) FROM customers)";

    private const string SegmentFilter = " AND t.customer_key IN " + SegmentKeys;

    private const string SegmentKeys = "(SELECT c.key FROM customers c WHERE c.segment = @segment)";

    private const string SelectedKeyRange = "SELECT min(c.key), max(c.key) FROM temp.scan_ids s CROSS JOIN customers c ON c.id = s.id";

    private const string CountSelected = """
        SELECT count(*) FROM customers c
        WHERE (@segment IS NULL OR c.segment = @segment) AND (@channel IS NULL OR c.channel = @channel) {0}
        """;

    public async Task<long> CountAsync(CustomerSelection selection, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await LoadIdsAsync(connection, transaction, selection, cancellationToken);
        using var count = Reader(connection, CountSelected, selection, default, IdFilter);
        count.Read();
        return count.GetInt64(0);
    }

    /// <summary>The book's RFM distribution as of <paramref name="asOf"/> (all purchasing customers, whatever a selection).</summary>
    public async Task<RfmDistribution> ReadRfmDistributionAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var at = ScanTimes.Of(asOf);
        // Every purchasing customer has a totals row: their count sizes the buffers (a b-tree count, no row read).
        var distribution = new RfmDistribution.Builder(checked((int)TotalsRowCount(connection)));
        using var reader = Reader(connection, RfmInputs, CustomerSelection.All, at);
        while (reader.Read())
        {
            distribution.Add(at.AsOfDay - reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            if ((distribution.Count & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return distribution.Build();
    }

    /// <summary>Histories per chunk of <see cref="ReadPurchaseHistoriesAsync"/> (64 KiB).</summary>
    public const int HistoryChunk = 2_048;

    /// <summary>
    /// Reads the <see cref="PurchaseHistory"/> of every customer of <paramref name="segment"/> (all when null) who
    /// purchased by <paramref name="asOf"/>'s day: what a model is fitted on. The customers are split into
    /// <paramref name="parts"/> ranges of customer keys, each read on its own connection and pool thread, which
    /// passes its histories to <paramref name="onChunk"/> with the part's number, a chunk of up to
    /// <see cref="HistoryChunk"/> at a time, in no particular order. Parts run at once, so <paramref name="onChunk"/>
    /// must keep each part's state apart; one part's calls never overlap, and the chunk is reused after the call.
    /// All parts see one snapshot: their read transactions begin while no write of this process can commit.
    /// Four numbers a row, computed by SQLite: reading columns is most of the cost at a million customers.
    /// </summary>
    public async Task ReadPurchaseHistoriesAsync(
        string? segment, DateTimeOffset asOf, int parts, Action<int, ReadOnlySpan<PurchaseHistory>> onChunk, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        var started = Stopwatch.GetTimestamp();
        var connections = new List<SqliteConnection>(parts);
        var transactions = new List<SqliteTransaction>(parts);
        try
        {
            (long First, long Last)? keys;
            using (await database.HoldWritesAsync(cancellationToken))
            {
                for (var part = 0; part < parts; part++)
                {
                    var connection = await database.OpenAsync(cancellationToken);
                    connections.Add(connection);
                    transactions.Add(connection.BeginTransaction(deferred: true));
                }

                // The first read of each transaction fixes its snapshot.
                keys = null;
                foreach (var connection in connections)
                {
                    keys = ReadKeyRange(connection, CustomerKeys);
                }
            }

            if (keys is not var (first, last))
            {
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var span = last - first + 1;
            // Each part on the caller's scheduler (the server's heavy threads), not necessarily the thread pool.
            await Task.WhenAll(connections.Select((connection, part) => Task.Factory.StartNew(() =>
            {
                try
                {
                    ReadHistories(connection, segment, asOf, first + (span * part / parts), first + (span * (part + 1) / parts) - 1,
                        part, onChunk, stop.Token);
                }
                catch
                {
                    stop.Cancel();
                    throw;
                }
            }, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Current)));
            StoreMetrics.Record(StoreMetrics.Sqlite, StoreMetrics.ReadPurchaseHistories, started);
        }
        finally
        {
            foreach (var transaction in transactions)
            {
                await transaction.DisposeAsync();
            }

            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>One part of <see cref="ReadPurchaseHistoriesAsync"/>: the histories of customer keys <paramref name="firstKey"/> to <paramref name="lastKey"/>.</summary>
    private static void ReadHistories(
        SqliteConnection connection, string? segment, DateTimeOffset asOf, long firstKey, long lastKey,
        int part, Action<int, ReadOnlySpan<PurchaseHistory>> onChunk, CancellationToken cancellationToken)
    {
        var at = ScanTimes.Of(asOf);
        var selection = new CustomerSelection(Segment: segment);
        var chunk = new PurchaseHistory[HistoryChunk];
        var count = 0;
        foreach (var (sql, segmentFilter) in new[] { (StoredHistories, StoredSegmentFilter), (RecomputedHistories, SegmentFilter) })
        {
            using var reader = new RowReader(connection, CustomerTotals.WithConditions(sql, segment is null ? "" : segmentFilter),
                Parameters(selection, at).Append(new("@firstKey", firstKey)).Append(new("@lastKey", lastKey)));
            while (reader.Read())
            {
                chunk[count++] = new PurchaseHistory(checked((int)reader.GetInt64(0)), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
                if (count == HistoryChunk)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    onChunk(part, chunk);
                    count = 0;
                }
            }
        }

        if (count > 0)
        {
            onChunk(part, chunk.AsSpan(0, count));
        }
    }

    /// <summary>
    /// Customer keys a scan reads in one read transaction. A read transaction keeps SQLite from recycling the WAL
    /// behind it, so a long scan (or a slow consumer of one) held open for its whole length let the WAL grow without
    /// bound while imports went on; each chunk is read whole, its transaction ended, and only then handed out.
    /// </summary>
    public const int ScanChunkKeys = 16_384;

    /// <summary>
    /// Facts of each selected customer as of <paramref name="asOf"/>: transactions up to the end of its UTC day
    /// (the as-of day is inclusive, like lifetimes' calibration end), engagement strictly before it. Customers come
    /// in key order, in chunks of <see cref="ScanChunkKeys"/> keys each read in its own snapshot: a write committed
    /// during the scan is seen by the chunks read after it. The facts object of a step is reused later.
    /// </summary>
    public IAsyncEnumerable<CustomerFacts> ScanAsync(CustomerSelection selection, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        ScanAsync(selection, asOf, withPurchaseDays: false, cancellationToken);

    /// <summary>
    /// As <see cref="ScanAsync(CustomerSelection, DateTimeOffset, CancellationToken)"/>; with
    /// <paramref name="withPurchaseDays"/> each customer's distinct purchase days up to the as-of day come too
    /// (<see cref="CustomerFacts.PurchaseDayNumbers"/>), from one more reader in the merge.
    /// </summary>
    public async IAsyncEnumerable<CustomerFacts> ScanAsync(
        CustomerSelection selection, DateTimeOffset asOf, bool withPurchaseDays, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var loading = connection.BeginTransaction(deferred: true))
        {
            // The ids go to a temporary table of this connection: it outlives the transaction, which holds no snapshot after the commit.
            await LoadIdsAsync(connection, loading, selection, cancellationToken);
            loading.Commit();
        }

        if (ReadKeyRange(connection, selection.CustomerIds is null ? CustomerKeys : SelectedKeyRange) is not var (firstKey, lastKey))
        {
            yield break;
        }

        var at = ScanTimes.Of(asOf);
        var chunk = new List<CustomerFacts>();
        for (var first = firstKey; first <= lastKey; first += ScanChunkKeys)
        {
            var count = ReadChunk(connection, selection, at with { FirstKey = first, LastKey = Math.Min(lastKey, first + (ScanChunkKeys - 1)) }, withPurchaseDays, chunk, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                yield return chunk[i];
            }

            if (lastKey - first < ScanChunkKeys)
            {
                break;
            }
        }
    }

    private static long TotalsRowCount(SqliteConnection connection)
    {
        using var count = new RowReader(connection, TotalsRows, []);
        return count.Read() ? count.GetInt64(0) : 0;
    }

    /// <summary>The smallest and largest key a query of <c>min(key), max(key)</c> returns; null when it found none.</summary>
    private static (long First, long Last)? ReadKeyRange(SqliteConnection connection, string sql)
    {
        using var range = new RowReader(connection, sql, []);
        return range.Read() && !range.IsNull(0) ? (range.GetInt64(0), range.GetInt64(1)) : null;
    }

    /// <summary>Reads the facts of the selected customers of one key range in one read transaction into <paramref name="chunk"/>; returns how many.</summary>
    private static int ReadChunk(
        SqliteConnection connection, CustomerSelection selection, ScanTimes at, bool withPurchaseDays, List<CustomerFacts> chunk, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var customerRows = Reader(connection, SelectedCustomers, selection, at, IdFilter);
        using var storedRows = new KeyedReader(Reader(connection, StoredTotals, selection, at, StoredKeyFilter));
        using var recomputedRows = new KeyedReader(Reader(connection, RecomputedTotals, selection, at, KeyFilter));
        using var activityRows = new KeyedReader(Reader(connection, Activity, selection, at));
        using var surveyRows = new KeyedReader(Reader(connection, Surveys, selection, at));
        using var supportRows = new KeyedReader(Reader(connection, Support, selection, at));
        using var dayRows = withPurchaseDays ? new KeyedReader(Reader(connection, PurchaseDayNumbers, selection, at, KeyFilter)) : null;
        var days = new List<long>();

        var count = 0;
        while (customerRows.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (count == chunk.Count)
            {
                chunk.Add(new CustomerFacts());
            }

            var facts = chunk[count++];
            var key = customerRows.GetInt64(0);
            facts.Reset(key, customerRows.GetString(1));
            facts.AcquiredAt = UnixTime.FromMs(customerRows.GetInt64(2));
            facts.RecordedChurnAt = customerRows.IsNull(3) ? null : UnixTime.FromMs(customerRows.GetInt64(3));
            // A customer's totals come from one of the two readers, never both.
            if (!FoldTotals(storedRows, facts))
            {
                FoldTotals(recomputedRows, facts);
            }

            if (activityRows.SeekTo(key))
            {
                facts.LastActivityAt = UnixTime.FromMs(activityRows.Reader.GetInt64(1));
                facts.ActivityLast30Days = (long)activityRows.Reader.GetDouble(2);
                activityRows.Next();
            }

            while (surveyRows.SeekTo(key))
            {
                var row = surveyRows.Reader;
                facts.SurveyResponsesLastYear += row.GetInt64(4);
                switch (row.GetInt64(1))
                {
                    case 1: facts.LatestNps = row.GetInt32(3); break;
                    case 2: facts.LatestCsat = row.GetInt32(3); break;
                }

                surveyRows.Next();
            }

            if (supportRows.SeekTo(key))
            {
                var row = supportRows.Reader;
                facts.TicketsLastYear = row.GetInt64(1);
                facts.OpenTickets = row.GetInt64(2);
                facts.MeanFirstResponseSeconds = row.IsNull(3) ? null : row.GetDouble(3);
                supportRows.Next();
            }

            if (dayRows is not null)
            {
                days.Clear();
                while (dayRows.SeekTo(key))
                {
                    days.Add(dayRows.Reader.GetInt64(1));
                    dayRows.Next();
                }

                facts.PurchaseDayNumbers = [.. days];
            }
        }

        StoreMetrics.Record(StoreMetrics.Sqlite, StoreMetrics.ScanChunk, started);
        return count;
    }

    /// <summary>Copies this customer's totals (one row, if the reader has it) into the facts.</summary>
    private static bool FoldTotals(KeyedReader rows, CustomerFacts facts)
    {
        if (!rows.SeekTo(facts.Key))
        {
            return false;
        }

        CopyTotals(rows.Reader, facts);
        rows.Next();
        return true;
    }

    /// <summary>Copies a row in <see cref="CustomerTotals.Aggregate"/>'s columns into the facts.</summary>
    private static void CopyTotals(RowReader row, CustomerFacts facts)
    {
        if (!row.IsNull(2))
        {
            facts.FirstPurchaseDay = row.GetInt64(2);
            facts.LastPurchaseDay = row.GetInt64(3);
            facts.PurchaseDays = checked((int)row.GetInt64(4));
            facts.FirstDayPurchaseMinor = row.GetInt64(8);
            facts.LastPurchaseAt = UnixTime.FromMs(row.GetInt64(9));
        }

        facts.PurchaseTransactions = row.GetInt64(5);
        facts.PurchaseMinor = row.GetInt64(6);
        facts.RefundMinor = row.GetInt64(7);
    }

    private static async Task LoadIdsAsync(SqliteConnection connection, SqliteTransaction transaction, CustomerSelection selection, CancellationToken cancellationToken)
    {
        if (selection.CustomerIds is not { } ids)
        {
            return;
        }

        await using var create = connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = "CREATE TEMP TABLE IF NOT EXISTS scan_ids (id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.scan_ids;";
        await create.ExecuteNonQueryAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR IGNORE INTO temp.scan_ids (id) VALUES ($id)";
        var parameter = insert.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in ids)
        {
            parameter.Value = id;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>A scan query (run in the connection's open transaction) with the selection's and the as-of date's parameters.</summary>
    private static RowReader Reader(SqliteConnection connection, string sql, CustomerSelection selection, ScanTimes at, string idFilter = "") =>
        new(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, selection.CustomerIds is null ? "" : idFilter),
            Parameters(selection, at));

    private static KeyValuePair<string, object?>[] Parameters(CustomerSelection selection, ScanTimes at) =>
    [
        new("@segment", selection.Segment),
        new("@channel", selection.Channel),
        new("@asOf", at.AsOfMs),
        new("@asOfDay", at.AsOfDay),
        new("@since30Days", at.Since30DaysMs),
        new("@sinceYear", at.SinceYearMs),
        new("@firstKey", at.FirstKey),
        new("@lastKey", at.LastKey),
    ];

    private readonly record struct ScanTimes(long AsOfMs, long AsOfDay, long Since30DaysMs, long SinceYearMs, long FirstKey = long.MinValue, long LastKey = long.MaxValue)
    {
        public static ScanTimes Of(DateTimeOffset asOf)
        {
            var asOfMs = UnixTime.ToMs(asOf);
            return new ScanTimes(asOfMs, UtcDay.Of(asOfMs), asOfMs - (30 * UtcDay.MsPerDay), asOfMs - (365 * UtcDay.MsPerDay));
        }
    }

    /// <summary>
    /// A reader ordered by customer key in column 0, with a one-row look-ahead for the merge. The summary
    /// query's order comes from streaming the index (an ORDER BY would add a sort), so the order is checked:
    /// a key going backwards fails the scan rather than silently mis-merging.
    /// </summary>
    private sealed class KeyedReader : IDisposable
    {
        private readonly RowReader _reader;
        private bool _hasRow;
        private long _key = long.MinValue;

        public KeyedReader(RowReader reader)
        {
            _reader = reader;
            try
            {
                Next();
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }

        public RowReader Reader => _reader;

        /// <summary>Skips rows of earlier keys; true when the current row belongs to <paramref name="key"/>.</summary>
        public bool SeekTo(long key)
        {
            while (_hasRow && _key < key)
            {
                Next();
            }

            return _hasRow && _key == key;
        }

        /// <summary>Moves to the next row and reads its key, once (a merge compares it several times).</summary>
        public void Next()
        {
            _hasRow = _reader.Read();
            if (!_hasRow)
            {
                return;
            }

            var key = _reader.GetInt64(0);
            if (key < _key)
            {
                throw new InvalidOperationException($"A customer scan reader went backwards ({_key} then {key}).");
            }

            _key = key;
        }

        public void Dispose() => _reader.Dispose();
    }
}
