using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmGrpc.Data.Sqlite.Tests;

public sealed class MigrationHostedServiceTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(migrate: false);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private MigrationHostedService Service(StoreReadiness readiness) =>
        new(_store.Migrator, readiness, _store.Database, NullLogger<MigrationHostedService>.Instance);

    [Fact]
    public async Task StartAsync_migrates_then_marks_the_store_ready()
    {
        var readiness = new StoreReadiness();
        Assert.False(readiness.IsReady);

        await Service(readiness).StartAsync(CancellationToken.None);

        Assert.True(readiness.IsReady);
        Assert.Equal(Migrator.LatestVersion, await _store.ScalarAsync<long>("PRAGMA user_version"));
    }

    [Fact]
    public async Task StartAsync_failure_propagates_and_the_store_stays_not_ready()
    {
        await using (var connection = await _store.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync($"PRAGMA user_version = {Migrator.LatestVersion + 5}");
        }

        var readiness = new StoreReadiness();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Service(readiness).StartAsync(CancellationToken.None));
        Assert.False(readiness.IsReady);
    }
}
