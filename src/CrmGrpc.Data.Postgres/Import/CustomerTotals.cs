using CrmGrpc.Domain.Errors;
using Npgsql;
using NpgsqlTypes;

namespace CrmGrpc.Data.Postgres.Import;

/// <summary>
/// Keeps <c>customer_totals</c> in step with the transactions a write inserted, in the write's transaction, through the
/// schema's <c>merge_customer_totals</c> (the new rows added to the stored totals). A customer whose purchase, refund or
/// cost total would pass 2^63 − 1 keeps its earlier rows: the rows of this write that would carry a total past it are
/// deleted again and returned as rejected, the rest stay (as the SQLite store's CustomerTotals.RefreshSince does).
/// </summary>
internal static class CustomerTotals
{
    /// <summary>The largest transaction seq so far: read under the book's lock, every row inserted after it has a larger seq.</summary>
    private const string LastSeqSql = "SELECT coalesce(max(seq), 0) FROM transactions";

    // The rows above the mark (the primary key's range: this write's rows only) added to their customers' stored totals.
    private const string RefreshSql = "SELECT merge_customer_totals(@mark)";

    // The exact sums are numeric: every customer above 2^63 − 1 in any of them has rows to take back.
    private const string OverflowingCustomersSql = """
        SELECT t.customer_key
        FROM transactions t
        WHERE t.customer_key IN (SELECT n.customer_key FROM transactions n WHERE n.seq > @mark)
        GROUP BY t.customer_key
        HAVING coalesce(sum(t.amount_minor) FILTER (WHERE t.kind = 1), 0) > 9223372036854775807
            OR coalesce(sum(t.amount_minor) FILTER (WHERE t.kind = 2), 0) > 9223372036854775807
            OR coalesce(sum(t.cost_minor), 0) > 9223372036854775807
        """;

    // The sums before this write were stored by an earlier refresh, so they fit in 64 bits.
    private const string EarlierSumsSql = """
        SELECT customer_key,
               coalesce(sum(amount_minor) FILTER (WHERE kind = 1), 0)::bigint,
               coalesce(sum(amount_minor) FILTER (WHERE kind = 2), 0)::bigint,
               coalesce(sum(cost_minor), 0)::bigint
        FROM transactions WHERE customer_key = ANY(@keys) AND seq <= @mark
        GROUP BY customer_key
        """;

    private const string WriteRowsSql = """
        SELECT seq, id, customer_key, kind, amount_minor, cost_minor
        FROM transactions WHERE customer_key = ANY(@keys) AND seq > @mark
        ORDER BY customer_key, seq
        """;

    private const string DeleteSql = "DELETE FROM transactions WHERE seq = ANY(@seqs)";

    private const string OutOfRange = "22003";

    public static async Task<long> LastSeqAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = WriteCommand.Create(LastSeqSql, connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Adds the transactions inserted after <paramref name="mark"/> to their customers' totals; returns the
    /// inserted rows taken back because they would carry a total past 64 bits, in seq order within each customer.
    /// </summary>
    public static async Task<IReadOnlyList<EarlyRejection>> RefreshSinceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long mark, CancellationToken cancellationToken)
    {
        await transaction.SaveAsync("totals", cancellationToken);
        try
        {
            await RefreshAsync(connection, transaction, mark, cancellationToken);
            await transaction.ReleaseAsync("totals", cancellationToken);
            return [];
        }
        catch (PostgresException exception) when (exception.SqlState == OutOfRange)
        {
            // The failed refresh is undone alone; the write's transaction goes on.
            await transaction.RollbackAsync("totals", cancellationToken);
        }

        var takenBack = await TakeBackOverflowingRowsAsync(connection, transaction, mark, cancellationToken);
        await RefreshAsync(connection, transaction, mark, cancellationToken);
        return takenBack;
    }

    private static async Task RefreshAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long mark, CancellationToken cancellationToken)
    {
        await using var command = WriteCommand.Create(RefreshSql, connection, transaction);
        command.Parameters.AddWithValue("mark", mark);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<EarlyRejection>> TakeBackOverflowingRowsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long mark, CancellationToken cancellationToken)
    {
        var customers = new List<long>();
        await using (var command = WriteCommand.Create(OverflowingCustomersSql, connection, transaction))
        {
            command.Parameters.AddWithValue("mark", mark);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                customers.Add(reader.GetInt64(0));
            }
        }

        var earlier = new Dictionary<long, (long Purchases, long Refunds, long Costs)>();
        await using (var command = WriteCommand.Create(EarlierSumsSql, connection, transaction))
        {
            command.Parameters.AddWithValue("mark", mark);
            command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = customers.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                earlier[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        var takenBack = new List<EarlyRejection>();
        var deleted = new List<long>();
        await using (var command = WriteCommand.Create(WriteRowsSql, connection, transaction))
        {
            command.Parameters.AddWithValue("mark", mark);
            command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = customers.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (seq, id, customer, amount) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(4));
                var isPurchase = reader.GetInt16(3) == 1;
                var cost = reader.IsDBNull(5) ? 0 : reader.GetInt64(5);
                var (purchases, refunds, costs) = earlier.GetValueOrDefault(customer);
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

                earlier[customer] = isPurchase ? (purchases + amount, refunds, costs + cost) : (purchases, refunds + amount, costs + cost);
            }
        }

        await using (var delete = WriteCommand.Create(DeleteSql, connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = deleted.ToArray() });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        return takenBack;
    }
}
