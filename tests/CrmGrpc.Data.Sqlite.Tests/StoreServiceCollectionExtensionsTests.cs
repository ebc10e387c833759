using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Data.Sqlite.Tests;

public sealed class StoreServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crm-data-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private HostApplicationBuilder Builder(string synchronous = "FULL")
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crm:Store:DatabasePath"] = Path.Combine(_directory, "host.db"),
            ["Crm:Store:Synchronous"] = synchronous,
        });
        return builder;
    }

    [Fact]
    public async Task AddSqliteStore_binds_options_and_migrates_on_start()
    {
        var builder = Builder();
        builder.AddSqliteStore();
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            var database = host.Services.GetRequiredService<SqliteDatabase>();
            Assert.Equal(Path.Combine(_directory, "host.db"), database.Path);
            Assert.True(host.Services.GetRequiredService<StoreReadiness>().IsReady);
            Assert.Null(await host.Services.GetRequiredService<ICustomerRepository>().GetAsync("c-1", CancellationToken.None));
            Assert.NotNull(host.Services.GetRequiredService<ITransactionRepository>());
            Assert.NotNull(host.Services.GetRequiredService<IEngagementRepository>());
            Assert.True(Dapper.DefaultTypeMap.MatchNamesWithUnderscores);
        }
        finally
        {
            await host.StopAsync();
            await using var connection = await host.Services.GetRequiredService<SqliteDatabase>().OpenAsync(CancellationToken.None);
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
        }
    }

    [Fact]
    public void AddSqliteStore_keeps_a_TimeProvider_registered_before_it()
    {
        var clock = new FakeTimeProvider(TestStore.Start);
        var builder = Builder();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddSqliteStore();
        using var host = builder.Build();

        Assert.Same(clock, host.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task AddSqliteStore_rejects_invalid_options_at_start()
    {
        var builder = Builder(synchronous: "OFF");
        builder.AddSqliteStore();
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Synchronous", exception.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "host.db")));
    }
}
