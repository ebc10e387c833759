using System.Globalization;
using System.Text;
using System.Text.Json;
using CrmGrpc.Domain.Uplift;
using Dapper;

using CrmGrpc.Data.Repositories;

namespace CrmGrpc.Data.Sqlite.Repositories;

/// <summary>
/// Reads per-customer metric values in the windows around a CRM change: one pass per group over the covering
/// index ix_transactions_customer_time, every member joined to its transactions in [from, post end) and summed
/// per customer with conditional aggregates for the four parts of the time line (before the baseline, the two
/// baseline halves, the post window). Members without transactions come back with zeros (LEFT JOIN). Everything
/// is read in one read transaction, so both groups, the data range and the other changes see one snapshot.
/// </summary>
public sealed class UpliftRepository(SqliteDatabase database) : IUpliftRepository
{
    // {0} is the membership condition over customers c: one of the fixed expressions of MembershipSql.
    // Net revenue: purchases (kind 1) add, refunds (kind 2) subtract; amounts are stored positive.
    private const string GroupSums = """
        SELECT c.id AS customer_id, c.segment AS segment, c.channel AS channel, c.acquired_at AS acquired_at,
               count(CASE WHEN t.occurred_at < @baselineStart THEN 1 END) AS prior_transactions,
               count(CASE WHEN t.occurred_at < @baselineStart AND t.kind = 1 THEN 1 END) AS prior_purchases,
               coalesce(sum(CASE WHEN t.occurred_at < @baselineStart THEN (CASE t.kind WHEN 1 THEN t.amount_minor WHEN 2 THEN -t.amount_minor ELSE 0 END) END), 0) AS prior_net,
               count(CASE WHEN t.occurred_at >= @baselineStart AND t.occurred_at < @midpoint THEN 1 END) AS early_transactions,
               count(CASE WHEN t.occurred_at >= @baselineStart AND t.occurred_at < @midpoint AND t.kind = 1 THEN 1 END) AS early_purchases,
               coalesce(sum(CASE WHEN t.occurred_at >= @baselineStart AND t.occurred_at < @midpoint THEN (CASE t.kind WHEN 1 THEN t.amount_minor WHEN 2 THEN -t.amount_minor ELSE 0 END) END), 0) AS early_net,
               count(CASE WHEN t.occurred_at >= @midpoint AND t.occurred_at < @effectiveAt THEN 1 END) AS late_transactions,
               count(CASE WHEN t.occurred_at >= @midpoint AND t.occurred_at < @effectiveAt AND t.kind = 1 THEN 1 END) AS late_purchases,
               coalesce(sum(CASE WHEN t.occurred_at >= @midpoint AND t.occurred_at < @effectiveAt THEN (CASE t.kind WHEN 1 THEN t.amount_minor WHEN 2 THEN -t.amount_minor ELSE 0 END) END), 0) AS late_net,
               count(CASE WHEN t.occurred_at >= @effectiveAt THEN 1 END) AS post_transactions,
               count(CASE WHEN t.occurred_at >= @effectiveAt AND t.kind = 1 THEN 1 END) AS post_purchases,
               coalesce(sum(CASE WHEN t.occurred_at >= @effectiveAt THEN (CASE t.kind WHEN 1 THEN t.amount_minor WHEN 2 THEN -t.amount_minor ELSE 0 END) END), 0) AS post_net
        FROM customers c
        LEFT JOIN transactions t INDEXED BY ix_transactions_customer_time
               ON t.customer_key = c.key AND t.occurred_at >= @from AND t.occurred_at < @postEnd
        WHERE {0}
        GROUP BY c.key
        """;

    private static readonly CompositeFormat GroupSumsFormat = CompositeFormat.Parse(GroupSums);

    // The data's first and last instants: a scan of the covering index (there is no time index: it cost
    // ingest 5× — see migration 0003), acceptable for an analysis that runs rarely.
    private const string DataRange = """
        SELECT (SELECT min(occurred_at) FROM transactions) AS first_at,
               (SELECT max(occurred_at) FROM transactions) AS last_at
        """;

    private const string OtherChanges = """
        SELECT id AS id, effective_at AS effective_at FROM crm_changes
        WHERE effective_at >= @start AND effective_at < @end AND id <> @changeId
        ORDER BY effective_at, id
        """;

    /// <summary>
    /// The sums of each member of <paramref name="treated"/> and <paramref name="control"/> in the parts of
    /// <paramref name="windows"/>; with <paramref name="withHistory"/> the part before the baseline window too
    /// (HISTORICAL_CLV), otherwise only the windows are read and <see cref="CustomerWindowSums.Prior"/> is zero.
    /// </summary>
    public async Task<UpliftObservations> ReadAsync(
        string changeId, UpliftWindows windows, bool withHistory, GroupSelection treated, GroupSelection? control,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(treated);
        await using var connection = await database.OpenAsync(cancellationToken);
        // Deferred: a read snapshot that never takes the write lock.
        await using var transaction = connection.BeginTransaction(deferred: true);

        var treatedRows = await ReadGroupAsync(connection, transaction, windows, withHistory, treated, cancellationToken);
        var controlRows = control is null ? null : await ReadGroupAsync(connection, transaction, windows, withHistory, control, cancellationToken);
        var range = await connection.QuerySingleAsync<RangeRow>(new CommandDefinition(DataRange, transaction: transaction, cancellationToken: cancellationToken));
        var changes = await connection.QueryAsync<ChangeRow>(new CommandDefinition(
            OtherChanges,
            new { start = UnixTime.ToMs(windows.BaselineStart), end = UnixTime.ToMs(windows.PostEnd), changeId },
            transaction,
            cancellationToken: cancellationToken));

        return new UpliftObservations(
            treatedRows,
            controlRows,
            UnixTime.FromMs(range.FirstAt),
            UnixTime.FromMs(range.LastAt),
            changes.Select(c => new ChangeMark(c.Id, UnixTime.FromMs(c.EffectiveAt))).ToList());
    }

    private static async Task<List<CustomerWindowSums>> ReadGroupAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, UpliftWindows windows,
        bool withHistory, GroupSelection selection, CancellationToken cancellationToken)
    {
        var baselineStart = UnixTime.ToMs(windows.BaselineStart);
        var parameters = new
        {
            from = withHistory ? long.MinValue : baselineStart,
            baselineStart,
            midpoint = UnixTime.ToMs(windows.Midpoint),
            effectiveAt = UnixTime.ToMs(windows.EffectiveAt),
            postEnd = UnixTime.ToMs(windows.PostEnd),
            segment = selection.Segment,
            ids = JsonSerializer.Serialize(selection.CustomerIds),
        };
        var sql = string.Format(CultureInfo.InvariantCulture, GroupSumsFormat, MembershipSql(selection.Kind));
        var rows = new List<CustomerWindowSums>();
        await foreach (var row in connection.QueryUnbufferedAsync<SumsRow>(sql, parameters, transaction).WithCancellation(cancellationToken))
        {
            rows.Add(new CustomerWindowSums(
                row.CustomerId,
                row.Segment,
                row.Channel,
                UnixTime.FromMs(row.AcquiredAt),
                new WindowSums(row.PriorTransactions, row.PriorPurchases, row.PriorNet),
                new WindowSums(row.EarlyTransactions, row.EarlyPurchases, row.EarlyNet),
                new WindowSums(row.LateTransactions, row.LatePurchases, row.LateNet),
                new WindowSums(row.PostTransactions, row.PostPurchases, row.PostNet)));
        }

        return rows;
    }

    /// <summary>The membership condition as SQL over customers <c>c</c>: fixed expressions; the segment and ids are parameters.</summary>
    private static string MembershipSql(GroupSelectionKind kind) => kind switch
    {
        GroupSelectionKind.Segment => "c.segment = @segment",
        GroupSelectionKind.Customers => "c.id IN (SELECT value FROM json_each(@ids))",
        GroupSelectionKind.Everyone => "1 = 1",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown group selection"),
    };

    // Property classes, not positional records: on an empty result SQLite types expression columns as blobs,
    // which Dapper cannot match to a constructor.
    private sealed class SumsRow
    {
        public string CustomerId { get; set; } = "";

        public string Segment { get; set; } = "";

        public string Channel { get; set; } = "";

        public long AcquiredAt { get; set; }

        public long PriorTransactions { get; set; }

        public long PriorPurchases { get; set; }

        public long PriorNet { get; set; }

        public long EarlyTransactions { get; set; }

        public long EarlyPurchases { get; set; }

        public long EarlyNet { get; set; }

        public long LateTransactions { get; set; }

        public long LatePurchases { get; set; }

        public long LateNet { get; set; }

        public long PostTransactions { get; set; }

        public long PostPurchases { get; set; }

        public long PostNet { get; set; }
    }

    private sealed class RangeRow
    {
        public long? FirstAt { get; set; }

        public long? LastAt { get; set; }
    }

    private sealed class ChangeRow
    {
        public string Id { get; set; } = "";

        public long EffectiveAt { get; set; }
    }
}
