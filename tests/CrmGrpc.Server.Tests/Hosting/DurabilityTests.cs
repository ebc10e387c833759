using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Hosting;

/// <summary>A server killed with SIGKILL loses nothing it acknowledged and leaves no half-written batch.</summary>
public sealed class DurabilityTests
{
    private const int BatchSize = 500;

    [Fact]
    public async Task Kill_9_between_and_during_imports_loses_no_acknowledged_row_and_no_batch_is_half_written()
    {
        using var directory = new TempDirectory();
        var path = directory.File("crm.db");
        var acknowledged = new List<Transaction>();
        const int UnacknowledgedBatches = 8;

        await using (var server = await ServerProcess.StartAsync(path))
        {
            var customers = new ImportCustomersRequest { Customers = { Rows.Customer("ack") } };
            for (var b = 0; b < UnacknowledgedBatches; b++)
            {
                customers.Customers.Add(Rows.Customer($"k-{b}"));
            }

            Assert.Equal(1 + UnacknowledgedBatches, (await ImportAsync(server.Customers.ImportCustomers(), [customers])).Accepted);

            // Three imports, each acknowledged by its summary.
            for (var import = 0; import < 3; import++)
            {
                var batches = Enumerable.Range(0, 2).Select(b => Batch($"ack-{import}-{b}", "ack")).ToList();
                var summary = await ImportAsync(server.Transactions.ImportTransactions(), batches);
                Assert.Equal(2 * BatchSize, summary.Accepted);
                acknowledged.AddRange(batches.SelectMany(b => b.Transactions));
            }

            // A fourth import is killed while its batches are in flight: none of it was acknowledged.
            var call = server.Transactions.ImportTransactions();
            for (var b = 0; b < UnacknowledgedBatches; b++)
            {
                await call.RequestStream.WriteAsync(Batch($"k-{b}", $"k-{b}"));
            }

            server.KillHard();
            call.Dispose();
        }

        await using (var restarted = await ServerProcess.StartAsync(path))
        {
            var replay = await ImportAsync(restarted.Transactions.ImportTransactions(),
                acknowledged.Chunk(BatchSize).Select(rows => new ImportTransactionsRequest { Transactions = { rows } }));
            Assert.Equal((0L, acknowledged.Count, 0L), (replay.Accepted, replay.Duplicates, replay.Rejected));

            for (var b = 0; b < UnacknowledgedBatches; b++)
            {
                var stored = await restarted.Transactions.ListTransactionsAsync(
                    new ListTransactionsRequest { CustomerId = $"k-{b}", PageSize = 1000 });
                Assert.True(stored.Transactions.Count is 0 or BatchSize, $"batch {b} was half written: {stored.Transactions.Count} rows");
            }
        }

        if (!StoreUnderTest.IsPostgres)
        {
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await check.ExecuteScalarAsync());
        }
    }

    private static ImportTransactionsRequest Batch(string prefix, string customerId) => new()
    {
        Transactions = { Enumerable.Range(0, BatchSize).Select(i => Rows.Purchase($"{prefix}-{i}", customerId, 100 + i, day: i % 20)) },
    };
}
