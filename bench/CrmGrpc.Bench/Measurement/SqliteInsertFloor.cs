using System.Diagnostics;
using CrmGrpc.Bench.Book;
using CrmGrpc.Contracts.V1;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CrmGrpc.Bench.Measurement;

/// <summary>
/// The floor of the ingest: a sample of the book's transactions (the first sent in the run's order) inserted by one prepared statement, bound by position
/// as the server binds, into a fresh file with the server's schema of customers and transactions (the table, its
/// unique id index, the covering index and the foreign key), in transactions of <see cref="RowsPerTransaction"/> rows
/// committed with synchronous=FULL as the server commits. No gRPC, no validation, no customer look-ups, no
/// per-customer totals: one SQLite writer of this schema doing only this is as fast as an import can be.
/// </summary>
internal static class SqliteInsertFloor
{
    public const int RowsPerTransaction = 10_000;

    /// <summary>Rows inserted at most: a rate, so a sample of the book will do.</summary>
    public const int MaxSample = 1_000_000;

    private const string InsertCustomer = """
        INSERT INTO customers (key, id, name, email, segment, channel, acquired_at, create_time, update_time)
        VALUES (?1, ?2, 'n', 'n@example.com', 's', 'c', 0, 0, 0)
        """;

    // The server's statement (TransactionMapping.InsertSql).
    private const string InsertTransaction = """
        INSERT INTO transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, cost_minor, product, category)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>Inserts the first rows of the book; returns the seconds the inserts and commits took and the rows.</summary>
    /// <param name="schemaSource">The server's database, whose schema is copied.</param>
    /// <param name="floorPath">A file to create (and delete afterwards) for the inserts.</param>
    public static (double Seconds, int Rows) Measure(string schemaSource, string floorPath, SyntheticBook book, RowOrder order, CancellationToken cancellationToken)
    {
        var sample = book.TransactionsIn(order).Take(MaxSample).ToList();
        Delete(floorPath);
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = floorPath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                ForeignKeys = true,
            }.ToString());
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
            foreach (var statement in Schema(schemaSource))
            {
                Execute(connection, statement);
            }

            var customerKeys = InsertCustomers(connection, sample);
            var db = connection.Handle!;
            Check(db, raw.sqlite3_prepare_v2(db, InsertTransaction, out var insert));
            using (insert)
            {
                var started = Stopwatch.GetTimestamp();
                for (var first = 0; first < sample.Count; first += RowsPerTransaction)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Execute(connection, "BEGIN");
                    for (var i = first; i < Math.Min(first + RowsPerTransaction, sample.Count); i++)
                    {
                        var row = sample[i];
                        Bind(insert, row, customerKeys[row.CustomerId]);
                        var result = raw.sqlite3_step(insert);
                        raw.sqlite3_reset(insert);
                        if (result != raw.SQLITE_DONE)
                        {
                            Check(db, result);
                        }
                    }

                    Execute(connection, "COMMIT");
                }

                return (Stopwatch.GetElapsedTime(started).TotalSeconds, sample.Count);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Delete(floorPath);
        }
    }

    /// <summary>The CREATE statements of the customers and transactions tables and their indexes, tables first.</summary>
    private static List<string> Schema(string schemaSource)
    {
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = schemaSource,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        source.Open();
        using var command = source.CreateCommand();
        command.CommandText = """
            SELECT sql FROM sqlite_schema
            WHERE tbl_name IN ('customers', 'transactions') AND sql IS NOT NULL
            ORDER BY type = 'index', tbl_name <> 'customers'
            """;
        using var reader = command.ExecuteReader();
        var statements = new List<string>();
        while (reader.Read())
        {
            statements.Add(reader.GetString(0));
        }

        return statements;
    }

    /// <summary>The sample's customers, keyed in order of appearance (untimed: the server imports them separately).</summary>
    private static Dictionary<string, long> InsertCustomers(SqliteConnection connection, List<Transaction> sample)
    {
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = InsertCustomer;
        var key = insert.Parameters.Add("?1", SqliteType.Integer);
        var id = insert.Parameters.Add("?2", SqliteType.Text);
        foreach (var row in sample)
        {
            if (!keys.ContainsKey(row.CustomerId))
            {
                keys[row.CustomerId] = keys.Count + 1;
                (key.Value, id.Value) = (keys.Count, row.CustomerId);
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return keys;
    }

    private static void Bind(sqlite3_stmt insert, Transaction row, long customerKey)
    {
        raw.sqlite3_bind_text(insert, 1, row.Id);
        raw.sqlite3_bind_int64(insert, 2, customerKey);
        raw.sqlite3_bind_int64(insert, 3, (row.OccurredAt.Seconds * 1000) + (row.OccurredAt.Nanos / 1_000_000));
        raw.sqlite3_bind_int64(insert, 4, row.AmountMinor);
        raw.sqlite3_bind_text(insert, 5, row.Currency);
        raw.sqlite3_bind_int64(insert, 6, (int)row.Kind);
        raw.sqlite3_bind_int64(insert, 7, (int)row.SaleType);
        if (row.HasCostMinor)
        {
            raw.sqlite3_bind_int64(insert, 8, row.CostMinor);
        }
        else
        {
            raw.sqlite3_bind_null(insert, 8);
        }

        raw.sqlite3_bind_text(insert, 9, row.Product);
        raw.sqlite3_bind_text(insert, 10, row.Category);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Check(sqlite3 db, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, db);
        }
    }

    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
