using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using CrmGrpc.Tests.Postgres;
using Grpc.Core;

namespace CrmGrpc.Server.Tests.Stores;

/// <summary>BackupDatabase streams the SQLite file; on PostgreSQL there is no file, and the refusal says what to use.</summary>
[Trait(StoreUnderTest.Name, StoreUnderTest.Postgres)]
public sealed class PostgresBackupTests
{
    [Fact]
    public async Task BackupDatabase_on_PostgreSQL_is_FAILED_PRECONDITION_naming_PostgreSQLs_own_tools()
    {
        await using var database = await PostgresTestCluster.CreateDatabaseAsync();
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("unused.db"), PostgresServers.On(database));

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = new AdminService.AdminServiceClient(server.Channel).BackupDatabase(new BackupDatabaseRequest());
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
            }
        });

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("pg_basebackup", refused.Status.Detail, StringComparison.Ordinal);
    }
}
