using CrmGrpc.Data.Repositories;
using CrmGrpc.Data.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Data.Tests;

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
    public async Task AddCrmStore_binds_options_and_migrates_on_start()
    {
        var builder = Builder();
        builder.AddCrmStore();
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            var database = host.Services.GetRequiredService<SqliteDatabase>();
            Assert.Equal(Path.Combine(_directory, "host.db"), database.Path);
            Assert.True(host.Services.GetRequiredService<StoreReadiness>().IsReady);
            Assert.Null(await host.Services.GetRequiredService<CustomerRepository>().GetAsync("c-1", CancellationToken.None));
            Assert.NotNull(host.Services.GetRequiredService<TransactionRepository>());
            Assert.NotNull(host.Services.GetRequiredService<EngagementRepository>());
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
    public void AddCrmStore_keeps_a_TimeProvider_registered_before_it()
    {
        var clock = new FakeTimeProvider(TestStore.Start);
        var builder = Builder();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddCrmStore();
        using var host = builder.Build();

        Assert.Same(clock, host.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task AddCrmStore_rejects_invalid_options_at_start()
    {
        var builder = Builder(synchronous: "OFF");
        builder.AddCrmStore();
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Synchronous", exception.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "host.db")));
    }
}
