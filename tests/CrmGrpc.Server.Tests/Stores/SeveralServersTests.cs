using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using CrmGrpc.Tests.Postgres;
using Google.Protobuf.WellKnownTypes;
using Npgsql;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Stores;

/// <summary>Several server processes on one PostgreSQL database: they start together, import together, and fit meanwhile.</summary>
[Trait(StoreUnderTest.Name, StoreUnderTest.Postgres)]
public sealed class SeveralServersTests
{
    private const int Customers = 40;
    private const int MessageRows = 500;

    [Fact]
    public async Task Two_servers_importing_at_once_lose_nothing_count_shared_rows_once_and_keep_totals_exact_while_a_fit_runs()
    {
        await using var database = await PostgresTestCluster.CreateDatabaseAsync();
        using var directory = new TempDirectory();
        // Started together on an empty database: the migration runs once under its lock and both start.
        var starting = new[] { ServerProcess.StartAsync(directory.File("a"), PostgresServers.On(database)), ServerProcess.StartAsync(directory.File("b"), PostgresServers.On(database)) };
        await using var first = await starting[0];
        await using var second = await starting[1];
        await ImportAsync(first.Customers.ImportCustomers(),
            [new ImportCustomersRequest { Customers = { Enumerable.Range(0, Customers).Select(c => Rows.Customer($"c-{c}")) } }]);
        // A calibration history both servers can fit while the imports run.
        await ImportAsync(first.Transactions.ImportTransactions(), [Message(Enumerable.Range(0, 400).Select(i =>
            Rows.Purchase($"history-{i}", $"c-{i % Customers}", 1_000 + i, day: -300 + (i * 7 % 290))))]);

        // Rows 0-5,999 to the first server and 3,000-8,999 to the second, at once: 3,000 reach both.
        var toFirst = Task.Run(() => ImportAsync(first.Transactions.ImportTransactions(), Messages(0, 6_000)));
        var toSecond = Task.Run(() => ImportAsync(second.Transactions.ImportTransactions(), Messages(3_000, 9_000)));
        var fit = await new ModelService.ModelServiceClient(second.Channel).FitModelsAsync(new FitModelsRequest
        {
            CalibrationEnd = Timestamp.FromDateTimeOffset(Rows.Day),
            TimeUnit = TimeUnit.Days,
        });
        var (a, b) = (await toFirst, await toSecond);

        Assert.Equal(0L, a.Rejected + b.Rejected);
        Assert.Equal(9_000L, a.Accepted + b.Accepted);
        Assert.Equal(3_000L, a.Duplicates + b.Duplicates);
        Assert.True(fit.Model.BgNbd.R > 0, "the fit during the imports gave no model");

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(9_400L, await ScalarAsync(connection, "SELECT count(*) FROM transactions"));
        // The stored totals equal the totals recomputed from the rows.
        Assert.Equal(0L, await ScalarAsync(connection, """
            SELECT count(*) FROM customers c
            LEFT JOIN customer_totals t ON t.customer_key = c.key
            LEFT JOIN (SELECT customer_key, count(*) AS purchases, sum(amount_minor) AS minor, count(DISTINCT day) AS days
                       FROM transactions WHERE kind = 1 GROUP BY customer_key) x ON x.customer_key = c.key
            WHERE coalesce(t.purchases, 0) <> coalesce(x.purchases, 0)
               OR coalesce(t.purchase_minor, 0) <> coalesce(x.minor, 0)
               OR coalesce(t.purchase_days, 0) <> coalesce(x.days, 0)
            """));
    }

    [Fact]
    public async Task Five_servers_starting_at_once_on_an_empty_database_migrate_it_once_and_all_serve()
    {
        await using var database = await PostgresTestCluster.CreateDatabaseAsync();
        using var directory = new TempDirectory();

        var servers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => InProcessServer.StartAsync(directory.File($"s{i}"), PostgresServers.On(database))));
        try
        {
            await servers[0].Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer("shared") });
            foreach (var server in servers)
            {
                Assert.Equal("shared", (await server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = "shared" })).Customer.Id);
            }

            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            Assert.Equal(await ScalarAsync(connection, "SELECT count(DISTINCT version) FROM crm_schema_version"),
                await ScalarAsync(connection, "SELECT count(*) FROM crm_schema_version"));
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static IEnumerable<ImportTransactionsRequest> Messages(int from, int to) =>
        Enumerable.Range(from, to - from).Chunk(MessageRows).Select(ids => Message(ids.Select(i =>
            Rows.Purchase($"t-{i}", $"c-{i % Customers}", 100 + (i % 97), day: i % 60))));

    private static ImportTransactionsRequest Message(IEnumerable<Transaction> rows) => new() { Transactions = { rows } };

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
