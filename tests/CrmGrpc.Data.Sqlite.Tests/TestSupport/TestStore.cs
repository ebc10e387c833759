using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Repositories;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Data.Sqlite.Tests.TestSupport;

/// <summary>One ingest_rejections row.</summary>
public sealed class RejectionRecord
{
    public string Entity { get; set; } = "";
    public string RowId { get; set; } = "";
    public long Code { get; set; }
    public string Field { get; set; } = "";
    public string Reason { get; set; } = "";
    public long RejectedAt { get; set; }
}

/// <summary>
/// A real SQLite file in its own temp directory, with the store's objects built the way the host builds them,
/// a fixed clock, and helpers to look at the tables directly. Deleted on dispose.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, 250, TimeSpan.Zero);

    private TestStore(string directory, StoreOptions options)
    {
        Directory = directory;
        Options = options;
        Database = new SqliteDatabase(Microsoft.Extensions.Options.Options.Create(options));
        Migrator = new Migrator(Database, NullLogger<Migrator>.Instance);
        Writer = new BatchWriter(Database, Time);
        Customers = new CustomerRepository(Database, Writer, Erasures);
        BulkLoads = new TransactionBulkLoads(Database, Microsoft.Extensions.Options.Options.Create(BulkLoad), Erasures, Time);
        Transactions = new TransactionRepository(Database, Writer, BulkLoads);
        Engagement = new EngagementRepository(Database, Writer);
    }

    public string Directory { get; }

    public CustomerErasures Erasures { get; } = new();

    /// <summary>The bulk loads' settings; a test may shrink the unit before it opens a load.</summary>
    public BulkLoadOptions BulkLoad { get; } = new();

    public TransactionBulkLoads BulkLoads { get; }

    public StoreOptions Options { get; }

    public string Path => Database.Path;

    public FakeTimeProvider Time { get; } = new(Start);

    public SqliteDatabase Database { get; }

    public Migrator Migrator { get; }

    public BatchWriter Writer { get; }

    public CustomerRepository Customers { get; }

    public TransactionRepository Transactions { get; }

    public EngagementRepository Engagement { get; }

    /// <summary>A new store in a fresh temp directory, migrated unless told otherwise.</summary>
    public static async Task<TestStore> CreateAsync(bool migrate = true, Action<StoreOptions>? configure = null)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "crm-data-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var options = new StoreOptions { DatabasePath = System.IO.Path.Combine(directory, "crm.db") };
        configure?.Invoke(options);
        var store = new TestStore(directory, options);
        if (migrate)
        {
            await store.Migrator.MigrateAsync(CancellationToken.None);
        }

        return store;
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
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

    public Task<List<RejectionRecord>> RejectionsAsync() =>
        QueryAsync<RejectionRecord>("SELECT entity, row_id, code, field, reason, rejected_at FROM ingest_rejections ORDER BY seq");

    /// <summary>Reads a stored row back the way <see cref="BatchWriter"/> does when it compares a replay.</summary>
    public async Task<TEntity?> ReadBackAsync<TEntity, TRow>(RowMapping<TEntity, TRow> mapping, string id)
        where TEntity : class
        where TRow : class
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = mapping.SelectByIdSql;
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? mapping.Read(reader, RowMapping<TEntity, TRow>.Parser(reader)) : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path))
        {
            await using var connection = await Database.OpenAsync(CancellationToken.None);
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
