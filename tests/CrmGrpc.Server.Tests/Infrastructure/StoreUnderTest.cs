using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CrmGrpc.Tests.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CrmGrpc.Server.Tests.Infrastructure;

/// <summary>
/// The store the server tests run on: SQLite by default, PostgreSQL when <c>CRM_TEST_STORE=postgres</c> (scripts/test.sh
/// runs this suite once on each). Tests name their book by a file path as ever; on PostgreSQL the path names a database of
/// the test cluster instead (the same path, the same database: a restarted server finds its book), created on first use
/// and dropped when the test's <see cref="TempDirectory"/> is disposed.
/// </summary>
public static class StoreUnderTest
{
    /// <summary>Tests that only make sense on the SQLite file (its backup, its pragmas) carry <c>[Trait(Name, SqliteOnly)]</c>.</summary>
    public const string Name = "Store";

    public const string SqliteOnly = "SqliteOnly";

    /// <summary>Tests that start PostgreSQL servers themselves, whatever store the run is on (several servers, replica, faults).</summary>
    public const string Postgres = "Postgres";

    private static readonly ConcurrentDictionary<string, PostgresTestDatabase> Databases = new(StringComparer.Ordinal);

    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("CRM_TEST_STORE"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The server arguments that keep the book named <paramref name="databasePath"/> on the store under test.</summary>
    public static async Task<string[]> ArgumentsAsync(string databasePath) =>
        IsPostgres ? ["--store", "postgres", "--pg", (await DatabaseAsync(databasePath)).ConnectionString] : ["--db", databasePath];

    /// <summary>The PostgreSQL database that stands for <paramref name="databasePath"/>, made on first use.</summary>
    public static async Task<PostgresTestDatabase> DatabaseAsync(string databasePath)
    {
        var key = Path.GetFullPath(databasePath);
        if (Databases.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var created = await PostgresTestCluster.CreateDatabaseAsync("crm_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12]);
        if (Databases.TryAdd(key, created))
        {
            return created;
        }

        await created.DisposeAsync();
        return Databases[key];
    }

    /// <summary>
    /// A connection to the book named <paramref name="databasePath"/> on the store under test, opened (read-only on SQLite
    /// unless <paramref name="writable"/>). Statements with <c>@name</c> parameters run on both stores.
    /// </summary>
    public static async Task<DbConnection> OpenAsync(string databasePath, bool writable = false)
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection((await DatabaseAsync(databasePath)).ConnectionString + ";Pooling=false")
            : new SqliteConnection($"Data Source={databasePath};Mode={(writable ? "ReadWrite" : "ReadOnly")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Drops the databases that stand for files under <paramref name="directory"/> (none on SQLite).</summary>
    public static void Forget(string directory)
    {
        var prefix = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        foreach (var key in Databases.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (Databases.TryRemove(key, out var database))
            {
                database.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }
}
