using CrmGrpc.Tests.Postgres;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CrmGrpc.Data.Postgres.Tests.TestSupport;

/// <summary>
/// A fresh database on the test cluster with the PostgreSQL store's objects built as the host builds them (migrated
/// unless told otherwise), and helpers to look at the tables directly. The database is dropped on dispose.
/// </summary>
public sealed class PgTestStore : IAsyncDisposable
{
    private PgTestStore(PostgresTestDatabase database, StoreOptions options)
    {
        TestDatabase = database;
        Options = options;
        Database = new PostgresDatabase(Microsoft.Extensions.Options.Options.Create(options));
        Migrator = new Migrator(Database, NullLogger<Migrator>.Instance);
    }

    public PostgresTestDatabase TestDatabase { get; }

    public StoreOptions Options { get; }

    public PostgresDatabase Database { get; }

    public Migrator Migrator { get; }

    /// <summary>A new store; <paramref name="withReplica"/> sends the heavy reads to the cluster's streaming replica.</summary>
    public static async Task<PgTestStore> CreateAsync(bool migrate = true, bool withReplica = false)
    {
        var database = await PostgresTestCluster.CreateDatabaseAsync();
        var options = new StoreOptions
        {
            Provider = StoreOptions.PostgresProvider,
            ConnectionString = database.ConnectionString,
            ReplicaConnectionString = withReplica ? database.ReplicaConnectionString : null,
        };
        var store = new PgTestStore(database, options);
        if (migrate)
        {
            await store.Migrator.MigrateAsync(CancellationToken.None);
        }

        return store;
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await TestDatabase.DisposeAsync();
    }
}
