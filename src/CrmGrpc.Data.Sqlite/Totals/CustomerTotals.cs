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
    public static readonly string Aggregate = AggregateTemplate.Replace("{extra}", "", StringComparison.Ordinal).Replace("{inner-extra}", "", StringComparison.Ordinal);

    /// <summary>
    /// <see cref="Aggregate"/> with each customer's purchase days last (<c>purchase_day_list</c>, migration 0007): what an
    /// import stores. The scans leave the list out: building it costs about a fifth more of the aggregate's time.
    /// </summary>
    private static readonly string StoredAggregate = AggregateTemplate
        .Replace("{extra}", ", a.purchase_day_list", StringComparison.Ordinal)
        .Replace("{inner-extra}", ",\n                     group_concat(CASE WHEN t.kind = 1 THEN t.day END) AS purchase_day_list", StringComparison.Ordinal);

    private const string AggregateTemplate = """
        SELECT a.customer_key, a.latest_day, a.first_day, a.last_day, a.purchase_days, a.purchases, a.purchase_minor, a.refund_minor,
               (SELECT sum(f.amount_minor) FROM transactions f INDEXED BY ix_transactions_customer_time
                WHERE f.customer_key = a.customer_key AND f.day = a.first_day AND f.kind = 1) AS first_day_minor,
               a.last_purchase_at, a.earliest_at, a.latest_at, a.cost_minor, a.cost_rows, a.upsells{extra}
        FROM (SELECT t.customer_key,
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
                     max(CASE WHEN t.kind = 1 THEN t.occurred_at END) AS last_purchase_at{inner-extra}
              FROM transactions t INDEXED BY ix_transactions_customer_time
              WHERE 1 {0}
              GROUP BY t.customer_key) a
        """;

    /// <summary>The stored totals, in the first ten columns and the order of <see cref="Aggregate"/>. <c>{0}</c> takes extra conditions on <c>ct</c>.</summary>
    public const string Stored = """
        SELECT ct.customer_key, ct.latest_day, ct.first_day, ct.last_day, ct.purchase_days, ct.purchases, ct.purchase_minor,
               ct.refund_minor, ct.first_day_minor, ct.last_purchase_at
        FROM customer_totals ct
        WHERE 1 {0}
        ORDER BY ct.customer_key
        """;

    // Rows inserted by this batch have a seq above the largest before it (seq is the rowid, assigned max + 1).
    private const string RefreshTemplate = """
        INSERT INTO customer_totals (customer_key, latest_day, first_day, last_day, purchase_days, purchases, purchase_minor, refund_minor,
                                     first_day_minor, last_purchase_at, earliest_at, latest_at, cost_minor, cost_rows, upsells,
                                     purchase_day_list)
        {0}
        ON CONFLICT (customer_key) DO UPDATE SET
            latest_day = excluded.latest_day, first_day = excluded.first_day, last_day = excluded.last_day,
            purchase_days = excluded.purchase_days, purchases = excluded.purchases, purchase_minor = excluded.purchase_minor,
            refund_minor = excluded.refund_minor, first_day_minor = excluded.first_day_minor, last_purchase_at = excluded.last_purchase_at,
            earliest_at = excluded.earliest_at,
            latest_at = excluded.latest_at, cost_minor = excluded.cost_minor, cost_rows = excluded.cost_rows, upsells = excluded.upsells,
            purchase_day_list = excluded.purchase_day_list
        """;

    // "WHERE true" after the SELECT: SQLite's parser needs it before an upsert's ON CONFLICT.
    private static readonly string RefreshSql = RefreshTemplate.Replace("{0}", WithConditions(StoredAggregate, TouchedSince) + " WHERE true", StringComparison.Ordinal);

    private const string TouchedSince = " AND t.customer_key IN (SELECT n.customer_key FROM transactions n WHERE n.seq > $since)";

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
    /// Recomputes the totals of every customer with a transaction inserted after <paramref name="lastSeq"/>,
    /// from all of their transactions (exact whatever the order rows arrive in). A customer whose purchase, refund
    /// or cost total would pass 2^63 − 1 (SQLite's sum raises "integer overflow") keeps its earlier rows: the rows
    /// of this batch that would carry a total past it are deleted again and returned as rejected, the rest stay.
    /// </summary>
    public static IReadOnlyList<EarlyRejection> RefreshSince(SqliteConnection connection, SqliteTransaction transaction, long lastSeq)
    {
        try
        {
            Refresh(connection, transaction, lastSeq);
            return [];
        }
        catch (SqliteException exception) when (IsIntegerOverflow(exception))
        {
            // A failed statement is rolled back alone; the batch's transaction goes on.
            var takenBack = TakeBackOverflowingRows(connection, transaction, lastSeq);
            Refresh(connection, transaction, lastSeq);
            return takenBack;
        }
    }

    private static void Refresh(SqliteConnection connection, SqliteTransaction transaction, long lastSeq)
    {
        using var command = Command(connection, transaction, RefreshSql, ("$since", lastSeq));
        command.ExecuteNonQuery();
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
