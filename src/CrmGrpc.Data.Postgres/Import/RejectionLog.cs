using System.Globalization;
using CrmGrpc.Domain.Errors;
using Npgsql;
using NpgsqlTypes;

namespace CrmGrpc.Data.Postgres.Import;

/// <summary>
/// The ingest log, written in the batch's transaction: every rejection is counted per entity and code in
/// <c>ingest_rejection_counts</c>, and the latest <see cref="KeptPerCode"/> of each code are kept whole in
/// <c>ingest_rejections</c>, with ids, fields and reasons cut to a bounded length, as the SQLite store keeps them.
/// </summary>
internal static class RejectionLog
{
    /// <summary>Rejected rows kept whole per entity and code (the latest); every rejection is counted.</summary>
    public const int KeptPerCode = 1_000;

    /// <summary>Longest stored rejected id and field, and reason; longer ones are cut and their length noted.</summary>
    public const int MaxStoredIdLength = 200;

    public const int MaxStoredReasonLength = 500;

    private const string LogSql = """
        INSERT INTO ingest_rejections (entity, row_id, code, field, reason, rejected_at)
        SELECT @entity, r.row_id, r.code, r.field, r.reason, @at
        FROM unnest(@row_ids, @codes, @fields, @reasons) WITH ORDINALITY AS r(row_id, code, field, reason, n)
        ORDER BY r.n
        """;

    private const string CountSql = """
        INSERT INTO ingest_rejection_counts (entity, code, rejected_rows)
        SELECT @entity, c.code, c.rejected_rows FROM unnest(@codes, @counts) AS c(code, rejected_rows)
        ON CONFLICT (entity, code) DO UPDATE SET rejected_rows = ingest_rejection_counts.rejected_rows + excluded.rejected_rows
        """;

    // Deletes nothing while a code has at most @keep rows.
    private const string TrimSql = """
        DELETE FROM ingest_rejections r
        USING (SELECT seq, row_number() OVER (PARTITION BY code ORDER BY seq DESC) AS newer
               FROM ingest_rejections WHERE entity = @entity AND code = ANY(@codes)) old
        WHERE r.seq = old.seq AND old.newer > @keep
        """;

    /// <summary>Logs <paramref name="rejections"/> (in their order) in <paramref name="transaction"/>.</summary>
    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string entity, IReadOnlyList<EarlyRejection> rejections, long nowMs,
        CancellationToken cancellationToken)
    {
        if (rejections.Count == 0)
        {
            return;
        }

        var perCode = new Dictionary<int, long>();
        foreach (var rejection in rejections)
        {
            var code = (int)rejection.Violation.Reason;
            perCode[code] = perCode.GetValueOrDefault(code) + 1;
        }

        // Only the latest KeptPerCode of a code can survive the trim: the older ones of this batch are never written.
        var keptOfCode = new Dictionary<int, long>();
        var logged = new List<EarlyRejection>();
        for (var i = rejections.Count - 1; i >= 0; i--)
        {
            var code = (int)rejections[i].Violation.Reason;
            var kept = keptOfCode.GetValueOrDefault(code);
            if (kept < KeptPerCode)
            {
                keptOfCode[code] = kept + 1;
                logged.Add(rejections[i]);
            }
        }

        logged.Reverse();
        await using (var log = WriteCommand.Create(LogSql, connection, transaction))
        {
            log.Parameters.AddWithValue("entity", entity);
            log.Parameters.AddWithValue("at", nowMs);
            log.Parameters.Add(TextArray("row_ids", logged.Select(r => Bounded(r.RowId, MaxStoredIdLength))));
            log.Parameters.Add(new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = logged.Select(r => (int)r.Violation.Reason).ToArray() });
            log.Parameters.Add(TextArray("fields", logged.Select(r => Bounded(r.Violation.Field, MaxStoredIdLength))));
            log.Parameters.Add(TextArray("reasons", logged.Select(r => Bounded(r.Violation.Description, MaxStoredReasonLength))));
            await log.ExecuteNonQueryAsync(cancellationToken);
        }

        var codes = perCode.Keys.ToArray();
        await using (var count = WriteCommand.Create(CountSql, connection, transaction))
        {
            count.Parameters.AddWithValue("entity", entity);
            count.Parameters.Add(new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = codes });
            count.Parameters.Add(new NpgsqlParameter("counts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = codes.Select(c => perCode[c]).ToArray() });
            await count.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var trim = WriteCommand.Create(TrimSql, connection, transaction);
        trim.Parameters.AddWithValue("entity", entity);
        trim.Parameters.Add(new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = codes });
        trim.Parameters.AddWithValue("keep", (long)KeptPerCode);
        await trim.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The text itself when short enough, else its start (cut by <see cref="Echo.Clip"/>) and its length. A NUL, which
    /// PostgreSQL's text cannot hold, is stored as U+FFFD: a rejected id may carry one.
    /// </summary>
    internal static string Bounded(string text, int maxLength)
    {
        var bounded = text.Length <= maxLength
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{Echo.Clip(text, maxLength - 32)} ({text.Length} characters)");
        return bounded.Contains('\0', StringComparison.Ordinal) ? bounded.Replace('\0', '\uFFFD') : bounded;
    }

    private static NpgsqlParameter TextArray(string name, IEnumerable<string> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };
}
