using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Bench.Measurement;

/// <summary>
/// The floor of the recalculation: the bare per-customer aggregate over the covering index, read to the end
/// with Microsoft.Data.Sqlite on the benchmark's database file (the server stopped). Every customer's
/// recalculation must at least read its transactions once in this order, so no server beats this.
/// </summary>
internal static class SqliteFloor
{
    public const string Sql = """
        SELECT customer_key, count(*), sum(amount_minor), max(occurred_at)
        FROM transactions INDEXED BY ix_transactions_customer_time
        GROUP BY customer_key
        """;

    /// <summary>One timed run: the seconds, and the groups read (customers with transactions).</summary>
    public static (double Seconds, long Groups) Measure(string databasePath, CancellationToken cancellationToken)
    {
        using var connection = Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        var started = Stopwatch.GetTimestamp();
        long groups = 0;
        long checksum = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                // Read every column, as a consumer would.
                checksum += reader.GetInt64(0) + reader.GetInt64(1) + reader.GetInt64(2) + reader.GetInt64(3);
                if ((++groups & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        GC.KeepAlive(checksum);
        return (seconds, groups);
    }

    /// <summary>The SQLite library's version (the bundle Microsoft.Data.Sqlite loads, as the server does).</summary>
    public static string Version(string databasePath)
    {
        using var connection = Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>File size of the database with its WAL, in bytes.</summary>
    public static long DatabaseBytes(string databasePath) =>
        new[] { databasePath, databasePath + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    private static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
