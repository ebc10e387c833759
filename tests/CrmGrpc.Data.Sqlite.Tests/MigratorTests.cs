using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Sqlite.Tests;

public sealed class MigratorTests : IAsyncLifetime
{
    private static readonly string[] Tables =
    [
        "activity_events", "crm_changes", "customer_totals", "customers", "ingest_rejection_counts", "ingest_rejections", "marketing_spend", "metric_run_results",
        "metric_runs", "models", "support_interactions", "survey_responses", "transactions",
    ];

    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(migrate: false);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public void Scripts_are_numbered_from_one_without_gaps()
    {
        Assert.NotEmpty(Migrator.Scripts);
        Assert.Equal(Enumerable.Range(1, Migrator.Scripts.Count), Migrator.Scripts.Select(s => s.Version));
        Assert.Equal(Migrator.Scripts.Count, Migrator.LatestVersion);
        Assert.Equal("0001_initial", Migrator.Scripts[0].Name);
        Assert.Contains("CREATE TABLE customers", Migrator.Scripts[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_on_a_fresh_file_creates_the_latest_schema_in_wal_mode()
    {
        var found = await _store.Migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(0, found);
        Assert.True(File.Exists(_store.Path));
        Assert.Equal(Migrator.LatestVersion, await _store.ScalarAsync<long>("PRAGMA user_version"));
        Assert.Equal("wal", await _store.ScalarAsync<string>("PRAGMA journal_mode"));
        var tables = await _store.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        Assert.Equal(Tables, tables);
    }

    [Fact]
    public async Task A_new_file_takes_the_configured_page_size_and_an_existing_file_keeps_its_own()
    {
        Assert.Equal(65_536, new StoreOptions().PageSize);
        await using (var small = await TestStore.CreateAsync(configure: o => o.PageSize = 4_096))
        {
            Assert.Equal(4_096, await small.ScalarAsync<long>("PRAGMA page_size"));
            await small.Customers.CreateAsync(Samples.Customer(), CancellationToken.None);
        }

        await _store.Migrator.MigrateAsync(CancellationToken.None);
        Assert.Equal(65_536, await _store.ScalarAsync<long>("PRAGMA page_size"));

        // Reopened with another setting, a file keeps the size it was made with.
        var reopened = new SqliteDatabase(Microsoft.Extensions.Options.Options.Create(new StoreOptions { DatabasePath = _store.Path, PageSize = 1_024 }));
        Assert.Equal(Migrator.LatestVersion, await new Migrator(reopened, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance)
            .MigrateAsync(CancellationToken.None));
        await using var connection = await reopened.OpenAsync(CancellationToken.None);
        Assert.Equal(65_536, await connection.ExecuteScalarAsync<long>("PRAGMA page_size"));
    }

    [Theory]
    [InlineData(3_000)]
    [InlineData(65_535)]
    public void A_page_size_that_is_not_a_power_of_two_is_refused(int pageSize)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var options = new StoreOptions { PageSize = pageSize };

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
            options, new System.ComponentModel.DataAnnotations.ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(StoreOptions.PageSize)));
    }

    [Fact]
    public async Task MigrateAsync_twice_is_a_no_op()
    {
        await _store.Migrator.MigrateAsync(CancellationToken.None);
        await _store.Customers.CreateAsync(Samples.Customer(), CancellationToken.None);
        var schema = await _store.QueryAsync<string>("SELECT sql FROM sqlite_master ORDER BY name");

        var found = await _store.Migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(Migrator.LatestVersion, found);
        Assert.Equal(Migrator.LatestVersion, await _store.ScalarAsync<long>("PRAGMA user_version"));
        Assert.Equal(schema, await _store.QueryAsync<string>("SELECT sql FROM sqlite_master ORDER BY name"));
        Assert.Equal(1, await _store.CountAsync("customers"));
    }

    [Fact]
    public async Task MigrateAsync_on_a_newer_schema_throws_and_changes_nothing()
    {
        await using (var connection = await _store.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync($"PRAGMA user_version = {Migrator.LatestVersion + 1}");
        }

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("newer", exception.Message, StringComparison.Ordinal);
        Assert.Equal(Migrator.LatestVersion + 1, await _store.ScalarAsync<long>("PRAGMA user_version"));
        Assert.Equal(0, await _store.ScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public async Task MigrateAsync_with_a_cancelled_token_throws_and_creates_no_schema()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.Migrator.MigrateAsync(cancelled.Token));

        Assert.Equal(0, await _store.ScalarAsync<long>("PRAGMA user_version"));
    }

    [Fact]
    public async Task Connections_enforce_foreign_keys()
    {
        await _store.Migrator.MigrateAsync(CancellationToken.None);
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);

        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        var exception = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("""
            INSERT INTO transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, product, category)
            VALUES ('t-1', 999, 0, 100, 'USD', 1, 1, '', '')
            """));
        Assert.Equal(19, exception.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(0, await _store.CountAsync("transactions"));
    }
}
