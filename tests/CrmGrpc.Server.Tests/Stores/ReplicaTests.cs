using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using CrmGrpc.Tests.Postgres;
using Grpc.Core;
using Npgsql;

namespace CrmGrpc.Server.Tests.Stores;

/// <summary>
/// With <c>Crm:Store:ReplicaConnectionString</c>, the heavy reads (recalculation, segments, portfolio) read the streaming
/// replica, and reads that must see writes read the primary. Replay is paused on a cluster of the test's own, so the
/// replica is visibly behind.
/// </summary>
[Trait(StoreUnderTest.Name, StoreUnderTest.Postgres)]
public sealed class ReplicaTests
{
    [Fact]
    public async Task Heavy_reads_go_to_the_replica_and_see_a_write_once_it_is_replayed_while_point_reads_see_it_at_once()
    {
        await using var cluster = await PostgresTestCluster.StartPrivateAsync(withReplica: true);
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("unused.db"),
            "--store", "postgres", "--pg", cluster.ConnectionString, "--Crm:Store:ReplicaConnectionString", cluster.ReplicaConnectionString!);
        await server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer("first") });
        Assert.Equal(1, await EventuallyAsync(server, 1));
        // Until the replica has replayed the schema the server reads the primary: let it catch up before pausing it.
        await ReplicaCountsAsync(cluster, 1);

        await ReplayAsync(cluster, "pg_wal_replay_pause");
        try
        {
            await server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer("second") });

            // The primary has it at once; the recalculation, on the paused replica, does not, unless the caller asks for
            // the primary.
            Assert.Equal("second", (await server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = "second" })).Customer.Id);
            Assert.Equal(1, await RecalculatedAsync(server));
            Assert.Equal(2, await RecalculatedAsync(server, new Metadata { { "x-crm-read-primary", "true" } }));
        }
        finally
        {
            await ReplayAsync(cluster, "pg_wal_replay_resume");
        }

        Assert.Equal(2, await EventuallyAsync(server, 2));
    }

    private static async Task<int> RecalculatedAsync(InProcessServer server, Metadata? headers = null)
    {
        using var call = server.Metrics.StreamCustomerMetrics(new StreamCustomerMetricsRequest(), headers);
        var customers = 0;
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            customers += message.Batch?.Customers.Count ?? 0;
        }

        return customers;
    }

    private static async Task<int> EventuallyAsync(InProcessServer server, int wanted)
    {
        var seen = -1;
        for (var attempt = 0; attempt < 100 && seen != wanted; attempt++)
        {
            try
            {
                seen = await RecalculatedAsync(server);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Unavailable)
            {
                // A replica query cancelled by a conflict with replay (as replay resumes): retried, as a client would.
                seen = -1;
            }

            if (seen != wanted)
            {
                await Task.Delay(100);
            }
        }

        return seen;
    }

    private static async Task ReplicaCountsAsync(PrivatePostgresCluster cluster, long customers)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(cluster.ReplicaConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT count(*) FROM customers", connection);
                if ((long)(await command.ExecuteScalarAsync())! == customers)
                {
                    return;
                }
            }
            catch (PostgresException) when (attempt < 200)
            {
                // The table has not reached the replica yet.
            }

            Assert.True(attempt < 200, $"the replica did not reach {customers} customers in 20 s");
            await Task.Delay(100);
        }
    }

    private static async Task ReplayAsync(PrivatePostgresCluster cluster, string function)
    {
        await using var connection = new NpgsqlConnection(cluster.ReplicaConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT {function}()", connection);
        await command.ExecuteNonQueryAsync();
    }
}
