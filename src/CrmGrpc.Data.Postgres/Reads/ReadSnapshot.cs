using System.Data;
using System.Text.RegularExpressions;
using Npgsql;

namespace CrmGrpc.Data.Postgres.Reads;

/// <summary>
/// Read transactions that see one snapshot of the book: REPEATABLE READ, read-only, so every statement of a read sees
/// the same committed state. A read in several parts (one connection each, so that the caller can work on the parts
/// at once) shares one snapshot: the first part exports it (<c>pg_export_snapshot</c>), the others import it
/// (<c>SET TRANSACTION SNAPSHOT</c>). Both work on a hot-standby replica (PostgreSQL 10 and later).
/// </summary>
internal static partial class ReadSnapshot
{
    /// <summary>Begins a read-only REPEATABLE READ transaction on <paramref name="connection"/>.</summary>
    public static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        try
        {
            await using var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction);
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens <paramref name="parts"/> heavy-read connections, each in a read-only REPEATABLE READ transaction, all on the
    /// snapshot of the first. Dispose the result to end them.
    /// </summary>
    public static async Task<SharedSnapshot> OpenPartsAsync(PostgresDatabase database, int parts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        var shared = new SharedSnapshot();
        try
        {
            string? snapshotId = null;
            for (var part = 0; part < parts; part++)
            {
                var connection = await database.OpenHeavyReadAsync(cancellationToken);
                shared.Connections.Add(connection);
                var transaction = await BeginAsync(connection, cancellationToken);
                shared.Transactions.Add(transaction);
                if (snapshotId is null)
                {
                    await using var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction);
                    snapshotId = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
                    // SET TRANSACTION SNAPSHOT takes no parameters: the id is checked to be what the server exports.
                    if (!SnapshotId().IsMatch(snapshotId))
                    {
                        throw new InvalidOperationException($"pg_export_snapshot returned an unexpected id '{snapshotId}'");
                    }
                }
                else
                {
                    await using var import = new NpgsqlCommand($"SET TRANSACTION SNAPSHOT '{snapshotId}'", connection, transaction);
                    await import.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            return shared;
        }
        catch
        {
            await shared.DisposeAsync();
            throw;
        }
    }

    [GeneratedRegex("^[0-9A-F]+(-[0-9A-F]+)+$")]
    private static partial Regex SnapshotId();

    /// <summary>The connections of a read in parts and their transactions, all on one snapshot.</summary>
    internal sealed class SharedSnapshot : IAsyncDisposable
    {
        public List<NpgsqlConnection> Connections { get; } = [];

        public List<NpgsqlTransaction> Transactions { get; } = [];

        public async ValueTask DisposeAsync()
        {
            // The importing transactions end first; the exporter's snapshot must outlive their import only.
            for (var i = Transactions.Count - 1; i >= 0; i--)
            {
                await Transactions[i].DisposeAsync();
            }

            for (var i = Connections.Count - 1; i >= 0; i--)
            {
                await Connections[i].DisposeAsync();
            }
        }
    }
}
