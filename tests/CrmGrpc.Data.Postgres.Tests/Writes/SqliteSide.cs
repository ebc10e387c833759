using CrmGrpc.Data.Sqlite;
using CrmGrpc.Data.Sqlite.Import;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SqliteRepositories = CrmGrpc.Data.Sqlite.Repositories;

namespace CrmGrpc.Data.Postgres.Tests.Writes;

/// <summary>The SQLite store built as its own TestStore builds it, in a temp directory, to write the same rows through both stores.</summary>
public sealed class SqliteSide : IAsyncDisposable
{
    private SqliteSide(string directory, int unitRows)
    {
        Directory = directory;
        Database = new SqliteDatabase(Options.Create(new StoreOptions { DatabasePath = Path.Combine(directory, "crm.db") }));
        var writer = new BatchWriter(Database, Time);
        Customers = new SqliteRepositories.CustomerRepository(Database, writer, Erasures);
        Transactions = new SqliteRepositories.TransactionRepository(
            Database, writer, new TransactionBulkLoads(Database, Options.Create(new BulkLoadOptions { UnitRows = unitRows }), Erasures, Time));
        Engagement = new SqliteRepositories.EngagementRepository(Database, writer);
    }

    public string Directory { get; }

    public FakeTimeProvider Time { get; } = new(WriteStore.Start);

    public CustomerErasures Erasures { get; } = new();

    public SqliteDatabase Database { get; }

    public SqliteRepositories.CustomerRepository Customers { get; }

    public SqliteRepositories.TransactionRepository Transactions { get; }

    public SqliteRepositories.EngagementRepository Engagement { get; }

    public static async Task<SqliteSide> CreateAsync(int unitRows = 1_000)
    {
        var directory = Path.Combine(Path.GetTempPath(), "crm-pg-writes-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var side = new SqliteSide(directory, unitRows);
        await new CrmGrpc.Data.Sqlite.Migrator(side.Database, NullLogger<CrmGrpc.Data.Sqlite.Migrator>.Instance).MigrateAsync(CancellationToken.None);
        return side;
    }

    public async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<T>(sql)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = await Database.OpenAsync(CancellationToken.None))
        {
            SqliteConnection.ClearPool(connection);
        }

        Database.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind must not fail the test.
        }
    }
}

/// <summary>What a book holds, read the same way from either store, to compare them.</summary>
public static class BookDump
{
    public const string Transactions = """
        SELECT t.id, c.id AS customer_id, t.occurred_at, t.amount_minor, t.currency, CAST(t.kind AS bigint) AS kind,
               CAST(t.sale_type AS bigint) AS sale_type, t.cost_minor, t.product, t.category
        FROM transactions t JOIN customers c ON c.key = t.customer_key
        """;

    // {0}: the purchase day list as comma-separated text (SQLite keeps it so; PostgreSQL as an integer array).
    private const string TotalsTemplate = """
        SELECT c.id AS customer_id, CAST(ct.latest_day AS bigint) AS latest_day, CAST(ct.first_day AS bigint) AS first_day,
               CAST(ct.last_day AS bigint) AS last_day, CAST(ct.purchase_days AS bigint) AS purchase_days, ct.purchases,
               ct.purchase_minor, ct.refund_minor, ct.first_day_minor, ct.last_purchase_at, ct.earliest_at, ct.latest_at, ct.cost_minor,
               ct.cost_rows, ct.upsells, {0} AS purchase_day_list
        FROM customer_totals ct JOIN customers c ON c.key = ct.customer_key
        """;

    public static readonly string PostgresTotals = TotalsTemplate.Replace("{0}", "array_to_string(ct.purchase_day_list, ',')", StringComparison.Ordinal);

    public static readonly string SqliteTotals = TotalsTemplate.Replace("{0}", "ct.purchase_day_list", StringComparison.Ordinal);

    public const string Rejections = "SELECT entity, row_id, CAST(code AS bigint) AS code, field, reason, rejected_at FROM ingest_rejections ORDER BY seq";

    public const string RejectionCounts = "SELECT entity, CAST(code AS bigint) AS code, rejected_rows FROM ingest_rejection_counts";

    public const string Customers = """
        SELECT id, name, email, segment, channel, acquired_at, churned_at, attributes, create_time, update_time FROM customers
        """;

    /// <summary>Customers, transactions and totals in id order; with <paramref name="withLog"/> the rejection counts and log too.</summary>
    public static async Task<string> OfAsync(Func<string, Task<List<object>>> query, bool postgres, bool withLog)
    {
        var parts = new List<string>();
        foreach (var sql in withLog
                     ? new[] { Customers, Transactions, postgres ? PostgresTotals : SqliteTotals, RejectionCounts }
                     : [Customers, Transactions, postgres ? PostgresTotals : SqliteTotals])
        {
            parts.Add(string.Join('\n', (await query(sql)).Select(Line).Order(StringComparer.Ordinal)));
        }

        if (withLog)
        {
            // The log in its order (the latest rejections are the ones kept).
            parts.Add(string.Join('\n', (await query(Rejections)).Select(Line)));
        }

        return string.Join("\n--\n", parts);
    }

    public static Task<string> OfAsync(WriteStore store, bool withLog = true) =>
        OfAsync(async sql => (await store.QueryAsync<dynamic>(sql)).Cast<object>().ToList(), postgres: true, withLog);

    public static Task<string> OfAsync(SqliteSide store, bool withLog = true) =>
        OfAsync(async sql => (await store.QueryAsync<dynamic>(sql)).Cast<object>().ToList(), postgres: false, withLog);

    private static string Line(object row) =>
        string.Join('|', ((IDictionary<string, object?>)row).Select(kv => $"{kv.Key}={Value(kv.Value)}"));

    private static string Value(object? value) => value switch
    {
        null or DBNull => "null",
        long or int or short => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture),
        decimal number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
