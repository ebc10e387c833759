using System.Globalization;
using System.Text;
using CrmGrpc.Data.Postgres.Reads;
using CrmGrpc.Domain.Uplift;
using Npgsql;
using NpgsqlTypes;

namespace CrmGrpc.Data.Postgres.Repositories;

/// <summary>
/// Per-customer metric values in the windows around a CRM change, summed by PostgreSQL: each member joined to its
/// transactions in [from, post end) over the covering index, with conditional aggregates for the four parts of the time
/// line (before the baseline, the two baseline halves, the post window); members without transactions come back with
/// zeros. A whole-book analysis, so it reads the heavy-read source (the replica when configured), in one read-only
/// REPEATABLE READ transaction: both groups, the data range and the other changes see one snapshot.
/// </summary>
public sealed class UpliftRepository(PostgresDatabase database) : IUpliftRepository
{
    // {0} is the membership condition over customers c. Net revenue: purchases (kind 1) add, refunds (kind 2) subtract.
    private const string GroupSums = """
        SELECT c.id, c.segment, c.channel, c.acquired_at,
               count(t.kind) FILTER (WHERE t.occurred_at < @baselineStart),
               count(*) FILTER (WHERE t.occurred_at < @baselineStart AND t.kind = 1),
               coalesce(sum(CASE t.kind WHEN 1 THEN t.amount_minor WHEN 2 THEN -t.amount_minor ELSE 0 END) FILTER (WHERE t.occurred_at < @baselineStart), 0)::bigint,
               count(t.kind) FILTER (WHERE t.occurred_at >= @baselineStart AND t.occurred_at < @midpoint),
               count(*) FILTER (WHERE t.occurred_at >= @baselineStart AND t.occurred_at < @midpoint AND t.kind = 1),
               coalesce(sum(CASE t.kind WHEN 1 THEN t.amount_minor WHEN 2 THEN -t.amount_minor ELSE 0 END) FILTER (WHERE t.occurred_at >= @baselineStart AND t.occurred_at < @midpoint), 0)::bigint,
               count(t.kind) FILTER (WHERE t.occurred_at >= @midpoint AND t.occurred_at < @effectiveAt),
               count(*) FILTER (WHERE t.occurred_at >= @midpoint AND t.occurred_at < @effectiveAt AND t.kind = 1),
               coalesce(sum(CASE t.kind WHEN 1 THEN t.amount_minor WHEN 2 THEN -t.amount_minor ELSE 0 END) FILTER (WHERE t.occurred_at >= @midpoint AND t.occurred_at < @effectiveAt), 0)::bigint,
               count(t.kind) FILTER (WHERE t.occurred_at >= @effectiveAt),
               count(*) FILTER (WHERE t.occurred_at >= @effectiveAt AND t.kind = 1),
               coalesce(sum(CASE t.kind WHEN 1 THEN t.amount_minor WHEN 2 THEN -t.amount_minor ELSE 0 END) FILTER (WHERE t.occurred_at >= @effectiveAt), 0)::bigint
        FROM customers c
        LEFT JOIN transactions t ON t.customer_key = c.key AND t.occurred_at >= @from AND t.occurred_at < @postEnd
        WHERE {0}
        GROUP BY c.key
        ORDER BY c.key
        """;

    private static readonly CompositeFormat GroupSumsFormat = CompositeFormat.Parse(GroupSums);

    private const string DataRange = "SELECT min(occurred_at), max(occurred_at) FROM transactions";

    private const string OtherChanges = """
        SELECT id, effective_at FROM crm_changes
        WHERE effective_at >= @start AND effective_at < @end AND id <> @changeId
        ORDER BY effective_at, id COLLATE "C"
        """;

    public async Task<UpliftObservations> ReadAsync(
        string changeId, UpliftWindows windows, bool withHistory, GroupSelection treated, GroupSelection? control,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(treated);
        await using var connection = await database.OpenHeavyReadAsync(cancellationToken);
        await using var transaction = await ReadSnapshot.BeginAsync(connection, cancellationToken);

        var treatedRows = await ReadGroupAsync(connection, transaction, windows, withHistory, treated, cancellationToken);
        var controlRows = control is null ? null : await ReadGroupAsync(connection, transaction, windows, withHistory, control, cancellationToken);

        DateTimeOffset? firstAt = null, lastAt = null;
        await using (var range = new NpgsqlCommand(DataRange, connection, transaction))
        await using (var reader = await range.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0))
            {
                (firstAt, lastAt) = (UnixMs.ToInstant(reader.GetInt64(0)), UnixMs.ToInstant(reader.GetInt64(1)));
            }
        }

        var changes = new List<ChangeMark>();
        await using (var others = new NpgsqlCommand(OtherChanges, connection, transaction))
        {
            others.Parameters.Add(new NpgsqlParameter<long>("start", UnixMs.Of(windows.BaselineStart)));
            others.Parameters.Add(new NpgsqlParameter<long>("end", UnixMs.Of(windows.PostEnd)));
            others.Parameters.Add(new NpgsqlParameter<string>("changeId", changeId));
            await using var reader = await others.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Add(new ChangeMark(reader.GetString(0), UnixMs.ToInstant(reader.GetInt64(1))));
            }
        }

        return new UpliftObservations(treatedRows, controlRows, firstAt, lastAt, changes);
    }

    private static async Task<List<CustomerWindowSums>> ReadGroupAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, UpliftWindows windows, bool withHistory, GroupSelection selection,
        CancellationToken cancellationToken)
    {
        var baselineStart = UnixMs.Of(windows.BaselineStart);
        await using var command = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, GroupSumsFormat, MembershipSql(selection.Kind)), connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("from", withHistory ? long.MinValue : baselineStart));
        command.Parameters.Add(new NpgsqlParameter<long>("baselineStart", baselineStart));
        command.Parameters.Add(new NpgsqlParameter<long>("midpoint", UnixMs.Of(windows.Midpoint)));
        command.Parameters.Add(new NpgsqlParameter<long>("effectiveAt", UnixMs.Of(windows.EffectiveAt)));
        command.Parameters.Add(new NpgsqlParameter<long>("postEnd", UnixMs.Of(windows.PostEnd)));
        command.Parameters.Add(new NpgsqlParameter<string>("segment", selection.Segment));
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", selection.CustomerIds.ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var rows = new List<CustomerWindowSums>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new CustomerWindowSums(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                UnixMs.ToInstant(reader.GetInt64(3)),
                Window(reader, 4),
                Window(reader, 7),
                Window(reader, 10),
                Window(reader, 13)));
        }

        return rows;
    }

    private static WindowSums Window(NpgsqlDataReader reader, int first) =>
        new(reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2));

    /// <summary>The membership condition as SQL over customers <c>c</c>: fixed expressions; the segment and ids are parameters.</summary>
    private static string MembershipSql(GroupSelectionKind kind) => kind switch
    {
        GroupSelectionKind.Segment => "c.segment = @segment",
        GroupSelectionKind.Customers => "c.id = ANY (@ids)",
        GroupSelectionKind.Everyone => "true",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown group selection"),
    };
}
