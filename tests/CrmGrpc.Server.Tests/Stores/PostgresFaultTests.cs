using System.Net;
using System.Net.Sockets;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using CrmGrpc.Tests.Postgres;
using Grpc.Core;
using Grpc.Health.V1;

namespace CrmGrpc.Server.Tests.Stores;

/// <summary>PostgreSQL unreachable at start, or going away while serving: one-line refusals, UNAVAILABLE, recovery.</summary>
[Trait(StoreUnderTest.Name, StoreUnderTest.Postgres)]
public sealed class PostgresFaultTests
{
    [Fact]
    public async Task An_unreachable_PostgreSQL_ends_the_server_with_one_line_and_a_non_zero_exit_code()
    {
        var (exitCode, stdout, stderr) = await PostgresServers.RunToExitAsync(
            "--store", "postgres", "--pg", $"Host=127.0.0.1;Port={UnusedPort()};Username=crm;Database=crm;Timeout=3");

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("cannot open the PostgreSQL store postgres://127.0.0.1:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_does_not_exist_ends_the_server_with_one_line_naming_it()
    {
        var (primary, _) = await PostgresTestCluster.GetAsync();
        var missing = PostgresTestCluster.WithDatabase(primary, "crm_no_such_database");

        var (exitCode, stdout, stderr) = await PostgresServers.RunToExitAsync("--store", "postgres", "--pg", missing);

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("crm_no_such_database", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_postgres_store_without_a_connection_string_is_refused_at_start()
    {
        var (exitCode, _, stderr) = await PostgresServers.RunToExitAsync("--store", "postgres");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Crm:Store:ConnectionString (--pg) is required", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgreSQL_going_away_gives_UNAVAILABLE_and_NOT_SERVING_and_both_recover_when_it_returns()
    {
        await using var cluster = await PostgresTestCluster.StartPrivateAsync();
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("unused.db"),
            "--store", "postgres", "--pg", cluster.ConnectionString + ";Timeout=2");
        var health = new Health.HealthClient(server.Channel);
        await server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer("before") });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        await cluster.StopAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = "before" }));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await EventuallyAsync(health, HealthCheckResponse.Types.ServingStatus.NotServing));

        await cluster.StartAsync();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await EventuallyAsync(health, HealthCheckResponse.Types.ServingStatus.Serving));
        var customer = await RetryAsync(() => server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = "before" }).ResponseAsync);
        Assert.Equal("before", customer.Customer.Id);
        await server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer("after") });
    }

    /// <summary>Asks the health service until it reports <paramref name="wanted"/> (bounded: the probe result is cached briefly).</summary>
    private static async Task<HealthCheckResponse.Types.ServingStatus> EventuallyAsync(Health.HealthClient health, HealthCheckResponse.Types.ServingStatus wanted)
    {
        var status = HealthCheckResponse.Types.ServingStatus.Unknown;
        for (var attempt = 0; attempt < 100 && status != wanted; attempt++)
        {
            status = (await health.CheckAsync(new HealthCheckRequest())).Status;
            if (status != wanted)
            {
                await Task.Delay(200);
            }
        }

        return status;
    }

    /// <summary>The first call after the database returns may meet a pooled connection that died with it; a client retries UNAVAILABLE.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Unavailable && attempt < 20)
            {
                await Task.Delay(200);
            }
        }
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
