using System.Buffers;
using System.Runtime.InteropServices;
using CrmGrpc.Data.Sqlite.Native;
using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Domain.Errors;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Sqlite.Totals;

/// <summary>
/// The per-customer purchase totals of migration 0004: the one aggregate that summarises a customer's
/// transactions (kept in <c>customer_totals</c> at import, or computed as of a day by the scans), and its upkeep.
/// </summary>
internal static class CustomerTotals
{
    /// <summary>
    /// One row per customer, in customer-key order without a sort (the covering index's order): the latest
    /// transaction day, purchase days (same-day purchases are one), purchases, amounts, refunds, the first
    /// purchase day's amount by one seek on (customer_key, day), the last purchase's instant (the churn
    /// definition's last activity), then the first and last instants, costs and upsells (the portfolio's sums).
    /// <c>{0}</c> takes extra conditions on <c>t</c>.
    /// </summary>
    public const string Aggregate = $$"""
        SELECT a.customer_key, a.latest_day, a.first_day, a.last_day, a.purchase_days, a.purchases, a.purchase_minor, a.refund_minor,
               (SELECT sum(f.amount_minor) FROM transactions f INDEXED BY ix_transactions_customer_time
                WHERE f.customer_key = a.customer_key AND f.day = a.first_day AND f.kind = 1) AS first_day_minor,
               a.last_purchase_at, a.earliest_at, a.latest_at, a.cost_minor, a.cost_rows, a.upsells
        FROM (SELECT t.customer_key, {{CustomerSums}}
              FROM transactions t INDEXED BY ix_transactions_customer_time
              WHERE 1 {0}
              GROUP BY t.customer_key) a
        """;

    // A customer's sums over its transactions t, whichever rows they are: all up to a day (Aggregate, the scans) or the
    // ones a write inserted (MergeSql). One definition, so that the stored totals and the scans' totals cannot drift.
    private const string CustomerSums = """
                     max(t.day) AS latest_day,
                     min(CASE WHEN t.kind = 1 THEN t.day END) AS first_day,
                     max(CASE WHEN t.kind = 1 THEN t.day END) AS last_day,
                     count(DISTINCT CASE WHEN t.kind = 1 THEN t.day END) AS purchase_days,
                     count(CASE WHEN t.kind = 1 THEN 1 END) AS purchases,
                     coalesce(sum(CASE WHEN t.kind = 1 THEN t.amount_minor END), 0) AS purchase_minor,
                     coalesce(sum(CASE WHEN t.kind = 2 THEN t.amount_minor END), 0) AS refund_minor,
                     min(t.occurred_at) AS earliest_at,
                     max(t.occurred_at) AS latest_at,
                     coalesce(sum(t.cost_minor), 0) AS cost_minor,
                     count(t.cost_minor) AS cost_rows,
                     count(CASE WHEN t.kind = 1 AND t.sale_type IN (3, 4) THEN 1 END) AS upsells,
                     max(CASE WHEN t.kind = 1 THEN t.occurred_at END) AS last_purchase_at
        """;

    /// <summary>The stored totals, in the first ten columns and the order of <see cref="Aggregate"/>. <c>{0}</c> takes extra conditions on <c>ct</c>.</summary>
    public const string Stored = """
        SELECT ct.customer_key, ct.latest_day, ct.first_day, ct.last_day, ct.purchase_days, ct.purchases, ct.purchase_minor,
               ct.refund_minor, ct.first_day_minor, ct.last_purchase_at
        FROM customer_totals ct
        WHERE 1 {0}
        ORDER BY ct.customer_key
        """;

    // The rows a write inserted (seq above the mark, the rowid's range: read without an index) summed per customer and
    // added to the stored totals, as PostgreSQL's merge_customer_totals does: the work grows with the write, not with the
    // customers' histories (re-aggregating every touched customer's rows was a third of a time-ordered bulk load at
    // 1M / 10M, 2.8 s a 1M-row merge at the end). Sums that would pass 2^63 − 1 raise "integer overflow" as sum()
    // does (abs of the smallest integer is SQLite's overflow error; amounts and costs are never negative). The
    // purchase-day list is appended when the new days come on or after the stored last purchase day (every time-ordered
    // import), else merged in order by crm_merge_purchase_days. {sums} are the added sums f (these columns and
    // purchase_day_list), {firstDayMinor} the first purchase day's amount when that day is f's.
    private const string MergeTemplate = """
        INSERT INTO customer_totals (customer_key, latest_day, first_day, last_day, purchase_days, purchases, purchase_minor, refund_minor,
                                     first_day_minor, last_purchase_at, earliest_at, latest_at, cost_minor, cost_rows, upsells,
                                     purchase_day_list)
        SELECT f.customer_key,
               max(f.latest_day, coalesce(o.latest_day, f.latest_day)),
               coalesce(min(f.first_day, o.first_day), f.first_day, o.first_day),
               coalesce(max(f.last_day, o.last_day), f.last_day, o.last_day),
               CASE WHEN o.last_day IS NULL THEN f.purchase_days
                    WHEN f.first_day IS NULL THEN o.purchase_days
                    WHEN f.first_day > o.last_day THEN o.purchase_days + f.purchase_days
                    WHEN f.first_day = o.last_day THEN o.purchase_days + f.purchase_days - 1
                    ELSE crm_count_merged_purchase_days(o.purchase_day_list, f.purchase_day_list) END,
               coalesce(o.purchases, 0) + f.purchases,
               CASE WHEN coalesce(o.purchase_minor, 0) > 9223372036854775807 - f.purchase_minor THEN abs(-9223372036854775807 - 1)
                    ELSE coalesce(o.purchase_minor, 0) + f.purchase_minor END,
               CASE WHEN coalesce(o.refund_minor, 0) > 9223372036854775807 - f.refund_minor THEN abs(-9223372036854775807 - 1)
                    ELSE coalesce(o.refund_minor, 0) + f.refund_minor END,
               CASE WHEN f.first_day IS NULL OR o.first_day < f.first_day THEN o.first_day_minor
                    ELSE {firstDayMinor} END,
               coalesce(max(f.last_purchase_at, o.last_purchase_at), f.last_purchase_at, o.last_purchase_at),
               min(f.earliest_at, coalesce(o.earliest_at, f.earliest_at)),
               max(f.latest_at, coalesce(o.latest_at, f.latest_at)),
               CASE WHEN coalesce(o.cost_minor, 0) > 9223372036854775807 - f.cost_minor THEN abs(-9223372036854775807 - 1)
                    ELSE coalesce(o.cost_minor, 0) + f.cost_minor END,
               coalesce(o.cost_rows, 0) + f.cost_rows,
               coalesce(o.upsells, 0) + f.upsells,
               CASE WHEN o.purchase_day_list IS NULL THEN f.purchase_day_list
                    WHEN f.purchase_day_list IS NULL THEN o.purchase_day_list
                    WHEN f.first_day >= o.last_day THEN o.purchase_day_list || ',' || f.purchase_day_list
                    ELSE crm_merge_purchase_days(o.purchase_day_list, f.purchase_day_list) END
        FROM {sums} f
        LEFT JOIN customer_totals o ON o.customer_key = f.customer_key
        WHERE true
        ON CONFLICT (customer_key) DO UPDATE SET
            latest_day = excluded.latest_day, first_day = excluded.first_day, last_day = excluded.last_day,
            purchase_days = excluded.purchase_days, purchases = excluded.purchases, purchase_minor = excluded.purchase_minor,
            refund_minor = excluded.refund_minor, first_day_minor = excluded.first_day_minor, last_purchase_at = excluded.last_purchase_at,
            earliest_at = excluded.earliest_at,
            latest_at = excluded.latest_at, cost_minor = excluded.cost_minor, cost_rows = excluded.cost_rows, upsells = excluded.upsells,
            purchase_day_list = excluded.purchase_day_list
        """;

    // The sums of the rows a write inserted (seq above the mark, the rowid's range: read without an index); the first
    // day's amount is summed again from the index when the first day is new or gained purchases.
    private static readonly string MergeSql = MergeFrom($"""
        (SELECT t.customer_key, {CustomerSums},
                     group_concat(CASE WHEN t.kind = 1 THEN t.day END, ',' ORDER BY t.day) AS purchase_day_list
              FROM transactions t NOT INDEXED
              WHERE t.seq > $since
              GROUP BY t.customer_key)
        """, """
        (SELECT sum(x.amount_minor) FROM transactions x INDEXED BY ix_transactions_customer_time
                          WHERE x.customer_key = f.customer_key AND x.day = f.first_day AND x.kind = 1)
        """);

    // The sums a bulk load's unit summed before its merge (UnitTotals), with the amount of its own first purchase day.
    private static readonly string MergeUnitSql = MergeFrom("temp.unit_totals",
        "CASE WHEN o.first_day = f.first_day THEN o.first_day_minor + f.first_day_minor ELSE f.first_day_minor END");

    private static string MergeFrom(string sums, string firstDayMinor) =>
        MergeTemplate.Replace("{sums}", sums, StringComparison.Ordinal).Replace("{firstDayMinor}", firstDayMinor, StringComparison.Ordinal);

    /// <summary>One of the statements above with its <c>{0}</c> replaced by <paramref name="conditions"/> (" AND …", or "").</summary>
    public static string WithConditions(string sql, string conditions) => sql.Replace("{0}", conditions, StringComparison.Ordinal);

    /// <summary>The largest transaction seq so far (0 for none): what <see cref="RefreshSince"/> takes.</summary>
    public static long LastSeq(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce(max(seq), 0) FROM transactions";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Adds the transactions inserted after <paramref name="lastSeq"/> to their customers' stored totals (exact whatever
    /// the order rows arrive in: the stored totals are those of the rows up to the mark). A customer whose purchase, refund
    /// or cost total would pass 2^63 − 1 (SQLite's sum raises "integer overflow") keeps its earlier rows: the rows
    /// of this batch that would carry a total past it are deleted again and returned as rejected, the rest stay.
    /// </summary>
    public static IReadOnlyList<EarlyRejection> RefreshSince(SqliteConnection connection, SqliteTransaction transaction, long lastSeq) =>
        Refresh(connection, transaction, lastSeq, MergeSql);

    /// <summary>
    /// <see cref="RefreshSince"/> from the sums in <c>temp.unit_totals</c> (<see cref="UnitTotals"/>), which must be those of
    /// exactly the rows inserted after <paramref name="lastSeq"/>. A total that would pass 2^63 − 1 is handled as there.
    /// </summary>
    public static IReadOnlyList<EarlyRejection> RefreshFromUnit(SqliteConnection connection, SqliteTransaction transaction, long lastSeq) =>
        Refresh(connection, transaction, lastSeq, MergeUnitSql);

    private static List<EarlyRejection> Refresh(SqliteConnection connection, SqliteTransaction transaction, long lastSeq, string mergeSql)
    {
        try
        {
            Merge(connection, transaction, lastSeq, mergeSql);
            return [];
        }
        catch (SqliteException exception) when (IsIntegerOverflow(exception))
        {
            // A failed statement is rolled back alone; the batch's transaction goes on. The unit's sums include the
            // rows taken back, so the rest are summed from the table.
            var takenBack = TakeBackOverflowingRows(connection, transaction, lastSeq);
            Merge(connection, transaction, lastSeq, MergeSql);
            return takenBack;
        }
    }

    private static void Merge(SqliteConnection connection, SqliteTransaction transaction, long lastSeq, string mergeSql)
    {
        RegisterDayListFunctions(connection);
        using var command = Command(connection, transaction, mergeSql, ("$since", lastSeq));
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Registers the merge's day-list functions on the connection that runs it (a pooled connection keeps them; registering
    /// again replaces them). Straight on e_sqlite3 with native-callable callbacks: the lists are read as the UTF-8 bytes
    /// SQLite holds and the merged list is handed back from a pooled buffer. Microsoft.Data.Sqlite's <c>CreateFunction</c>
    /// converted both ways through .NET strings (about 7 % of a random-order load's CPU); SQLitePCL's callbacks allocated
    /// wrappers for the context and each argument on every call, two calls for most customers of a random-order merge.
    /// </summary>
    internal static unsafe void RegisterDayListFunctions(SqliteConnection connection)
    {
        const int flags = SQLitePCL.raw.SQLITE_UTF8 | SQLitePCL.raw.SQLITE_DETERMINISTIC;
        var database = connection.Handle!.DangerousGetHandle();
        Register("crm_merge_purchase_days"u8, &MergeDays);
        Register("crm_count_merged_purchase_days"u8, &CountMergedDays);

        void Register(ReadOnlySpan<byte> name, delegate* unmanaged<IntPtr, int, IntPtr*, void> function)
        {
            Span<byte> terminated = stackalloc byte[name.Length + 1];
            name.CopyTo(terminated);
            terminated[^1] = 0;
            fixed (byte* namePointer = terminated)
            {
                var result = SqliteNative.CreateScalarFunction(
                    database, namePointer, 2, flags, IntPtr.Zero, function, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
                SqliteException.ThrowExceptionForRC(result, connection.Handle);
            }
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe void MergeDays(IntPtr context, int argumentCount, IntPtr* arguments)
    {
        try
        {
            var stored = SqliteNative.Bytes(arguments[0]);
            var added = SqliteNative.Bytes(arguments[1]);
            var buffer = ArrayPool<byte>.Shared.Rent(PurchaseDayList.MergedLength(stored, added));
            try
            {
                var written = PurchaseDayList.Merge(stored, added, buffer);
                fixed (byte* merged = buffer)
                {
                    // Copied by SQLite before it returns; a length of 0 with a non-null pointer is '', not NULL.
                    SqliteNative.ResultText(context, merged, written, SqliteNative.Transient);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception exception)
        {
            // Never through SQLite's frames: the statement fails with the message instead.
            SqliteNative.ResultError(context, exception.Message);
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe void CountMergedDays(IntPtr context, int argumentCount, IntPtr* arguments)
    {
        try
        {
            SqliteNative.ResultInt64(context, PurchaseDayList.CountMergedDistinct(SqliteNative.Bytes(arguments[0]), SqliteNative.Bytes(arguments[1])));
        }
        catch (Exception exception)
        {
            SqliteNative.ResultError(context, exception.Message);
        }
    }

    private static bool IsIntegerOverflow(SqliteException exception) =>
        exception.SqliteErrorCode == SQLitePCL.raw.SQLITE_ERROR && exception.Message.Contains("integer overflow", StringComparison.Ordinal);

    // total() sums in floating point and never raises; every customer whose exact sum passes 2^63 − 1 is above this.
    private const string OverflowCandidatesSql = """
        SELECT t.customer_key
        FROM transactions t
        WHERE t.customer_key IN (SELECT n.customer_key FROM transactions n WHERE n.seq > $since)
        GROUP BY t.customer_key
        HAVING total(CASE WHEN t.kind = 1 THEN t.amount_minor END) >= 9.0e18
            OR total(CASE WHEN t.kind = 2 THEN t.amount_minor END) >= 9.0e18
            OR total(t.cost_minor) >= 9.0e18
        """;

    // The sums before this batch were stored by an earlier refresh, so they fit in 64 bits.
    private const string EarlierSumsSql = """
        SELECT coalesce(sum(CASE WHEN kind = 1 THEN amount_minor END), 0), coalesce(sum(CASE WHEN kind = 2 THEN amount_minor END), 0),
               coalesce(sum(cost_minor), 0)
        FROM transactions WHERE customer_key = $key AND seq <= $since
        """;

    private const string BatchRowsSql = """
        SELECT seq, id, kind, amount_minor, cost_minor FROM transactions WHERE customer_key = $key AND seq > $since ORDER BY seq
        """;

    private static List<EarlyRejection> TakeBackOverflowingRows(SqliteConnection connection, SqliteTransaction transaction, long lastSeq)
    {
        var candidates = new List<long>();
        using (var command = Command(connection, transaction, OverflowCandidatesSql, ("$since", lastSeq)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                candidates.Add(reader.GetInt64(0));
            }
        }

        var takenBack = new List<EarlyRejection>();
        var deleted = new List<long>();
        foreach (var key in candidates)
        {
            long purchases, refunds, costs;
            using (var command = Command(connection, transaction, EarlierSumsSql, ("$since", lastSeq), ("$key", key)))
            using (var reader = command.ExecuteReader())
            {
                reader.Read();
                (purchases, refunds, costs) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }

            using (var command = Command(connection, transaction, BatchRowsSql, ("$since", lastSeq), ("$key", key)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var (seq, id, amount) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(3));
                    var cost = reader.IsDBNull(4) ? 0 : reader.GetInt64(4);
                    var isPurchase = reader.GetInt64(2) == 1;
                    var amountOverflows = amount > long.MaxValue - (isPurchase ? purchases : refunds);
                    if (amountOverflows || cost > long.MaxValue - costs)
                    {
                        var field = amountOverflows ? "amount_minor" : "cost_minor";
                        var what = field == "cost_minor" ? "cost" : isPurchase ? "purchase" : "refund";
                        takenBack.Add(new EarlyRejection(id, new FieldViolation(field,
                            $"would take the customer's {what} total past {long.MaxValue} minor units, the largest sum the store keeps",
                            RejectionReason.BadAmount)));
                        deleted.Add(seq);
                        continue;
                    }

                    (purchases, refunds, costs) = isPurchase ? (purchases + amount, refunds, costs + cost) : (purchases, refunds + amount, costs + cost);
                }
            }
        }

        using var delete = Command(connection, transaction, "DELETE FROM transactions WHERE seq = $seq", ("$seq", 0L));
        foreach (var seq in deleted)
        {
            delete.Parameters[0].Value = seq;
            delete.ExecuteNonQuery();
        }

        return takenBack;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, long Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
