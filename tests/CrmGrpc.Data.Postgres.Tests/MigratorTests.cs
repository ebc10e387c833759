using CrmGrpc.Data.Postgres.Tests.TestSupport;

namespace CrmGrpc.Data.Postgres.Tests;

public sealed class MigratorTests
{
    [Fact]
    public async Task A_fresh_database_is_brought_to_the_latest_version_and_a_second_run_finds_it_there()
    {
        await using var store = await PgTestStore.CreateAsync(migrate: false);

        Assert.Equal(0, await store.Migrator.MigrateAsync(CancellationToken.None));
        Assert.Equal(Migrator.LatestVersion, await store.Migrator.MigrateAsync(CancellationToken.None));
        Assert.Equal(Migrator.LatestVersion, await store.ScalarAsync<int>("SELECT max(version) FROM crm_schema_version"));
        Assert.Equal(0, await store.CountAsync("customers"));
    }

    [Fact]
    public async Task Five_migrators_starting_at_once_apply_each_script_once_and_all_finish()
    {
        await using var store = await PgTestStore.CreateAsync(migrate: false);
        var migrators = Enumerable.Range(0, 5)
            .Select(_ => new Migrator(new PostgresDatabase(Microsoft.Extensions.Options.Options.Create(store.Options)),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance))
            .ToList();

        var found = await Task.WhenAll(migrators.Select(m => m.MigrateAsync(CancellationToken.None)));

        // One found the empty database; the others waited on the lock and found it migrated.
        Assert.Equal(1, found.Count(f => f == 0));
        Assert.Equal(4, found.Count(f => f == Migrator.LatestVersion));
        Assert.Equal(Migrator.Scripts.Count, await store.CountAsync("crm_schema_version"));
    }

    [Fact]
    public async Task A_database_with_a_newer_schema_refuses_to_start_with_one_line()
    {
        await using var store = await PgTestStore.CreateAsync();
        await store.ExecuteAsync("INSERT INTO crm_schema_version (version) VALUES (@version)", new { version = Migrator.LatestVersion + 1 });

        var refused = await Assert.ThrowsAsync<StoreStartException>(() => store.Migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("newer than this server's", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
