using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Import;

/// <summary>
/// ImportTransactions loads in bulk (rows staged, merged into the book in key order in units; issue 16): the order of the
/// rows changes nothing a client can see, duplicates and conflicts are found across merges and streams, and a reader
/// during a long import sees whole merges only.
/// </summary>
public sealed class BulkImportTests
{
    // Small units, so that every import below spans several merges.
    private static readonly string[] SmallUnits = ["--Crm:Store:BulkLoad:UnitRows=70"];

    public enum Order
    {
        Customer,
        Time,
        Random,
    }

    [Fact]
    public async Task Time_customer_and_random_ordered_imports_leave_byte_identical_answers()
    {
        var answers = new Dictionary<Order, List<(string Call, ByteString Bytes)>>();
        foreach (var order in new[] { Order.Customer, Order.Time, Order.Random })
        {
            using var directory = new TempDirectory();
            await using var server = await InProcessServer.StartAsync(directory.File("crm.db"), SmallUnits);
            await ImportBookAsync(server, order);
            answers[order] = await AnswersAsync(server);
        }

        foreach (var order in new[] { Order.Time, Order.Random })
        {
            Assert.Equal(answers[Order.Customer].Count, answers[order].Count);
            for (var i = 0; i < answers[order].Count; i++)
            {
                Assert.True(answers[Order.Customer][i] == answers[order][i], $"{answers[order][i].Call} differs in {order} order");
            }
        }
    }

    [Fact]
    public async Task Rows_resent_in_a_later_stream_are_duplicates_and_changed_ones_conflicts()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"), SmallUnits);
        await ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { Rows.Customer("c-1"), Rows.Customer("c-2") } }]);
        var rows = Enumerable.Range(0, 100).Select(i => Rows.Purchase($"t-{i}", i % 2 == 0 ? "c-1" : "c-2", 100 + i, day: i % 30)).ToList();
        var first = await ImportAsync(server.Transactions.ImportTransactions(), rows.Chunk(30).Select(Message));
        Assert.Equal((100L, 0L, 0L), (first.Accepted, first.Duplicates, first.Rejected));

        // Resent in reverse order, one changed, one new, and one new row twice with different content in one message.
        var resent = rows.AsEnumerable().Reverse().Select(r => r.Clone()).ToList();
        resent[10].AmountMinor += 1;
        resent.Add(Rows.Purchase("t-new", "c-1"));
        var second = await ImportAsync(server.Transactions.ImportTransactions(),
            [.. resent.Chunk(30).Select(Message), Message([Rows.Purchase("t-twice", "c-2"), Rows.Purchase("t-twice", "c-2", 999)])]);

        Assert.Equal((2L, 99L, 2L), (second.Accepted, second.Duplicates, second.Rejected));
        Assert.Equal(
            [(10L, RejectionCode.Conflict), (102L, RejectionCode.DuplicateInBatch)],
            second.Errors.Select(e => (e.Position, e.Code)));
        var page = await server.Transactions.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = "c-1", PageSize = 1000 });
        Assert.Equal(51, page.Transactions.Count);
    }

    [Fact]
    public async Task A_reader_during_a_long_import_sees_whole_messages_and_exact_totals()
    {
        const int Messages = 40;
        const int MessageRows = 50;
        using var directory = new TempDirectory();
        var path = directory.File("crm.db");
        await using var server = await InProcessServer.StartAsync(path, "--Crm:Store:BulkLoad:UnitRows=120");
        await ImportAsync(server.Customers.ImportCustomers(),
            [new ImportCustomersRequest { Customers = { Enumerable.Range(0, 7).Select(c => Rows.Customer($"c-{c}")) } }]);

        var import = Task.Run(() => ImportAsync(server.Transactions.ImportTransactions(), Enumerable.Range(0, Messages).Select(m =>
            Message([.. Enumerable.Range(0, MessageRows).Select(i => Rows.Purchase($"t-{m}-{i}", $"c-{(m + i) % 7}", 100 + i, day: (m * 3) + (i % 5)))]))));
        var snapshots = new List<(long Rows, long Purchases)>();
        await using (var reader = await StoreUnderTest.OpenAsync(path))
        {
            while (!import.IsCompleted)
            {
                snapshots.Add(await SnapshotAsync(reader));
                await Task.Delay(5);
            }

            snapshots.Add(await SnapshotAsync(reader));
        }

        var summary = await import;
        Assert.Equal(Messages * MessageRows, summary.Accepted);
        Assert.All(snapshots, s =>
        {
            Assert.Equal(0, s.Rows % MessageRows);
            Assert.Equal(s.Rows, s.Purchases);
        });
        Assert.Equal(Messages * MessageRows, snapshots[^1].Rows);
    }

    [Fact]
    public async Task Kill_9_during_a_bulk_load_loses_no_acknowledged_row_and_leaves_whole_messages_with_exact_totals()
    {
        const int MessageRows = 500;
        const int KilledMessages = 12;
        using var directory = new TempDirectory();
        var path = directory.File("crm.db");
        var acknowledged = new List<Transaction>();
        string[] unit = ["--Crm:Store:BulkLoad:UnitRows=1000"];

        await using (var server = await ServerProcess.StartAsync(path, unit))
        {
            await ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest
            {
                Customers = { Enumerable.Range(0, KilledMessages).Select(m => Rows.Customer($"k-{m}")).Append(Rows.Customer("ack")) },
            }]);
            for (var import = 0; import < 2; import++)
            {
                var messages = Enumerable.Range(0, 3).Select(m => Batch($"ack-{import}-{m}", "ack", MessageRows)).ToList();
                Assert.Equal(3 * MessageRows, (await ImportAsync(server.Transactions.ImportTransactions(), messages)).Accepted);
                acknowledged.AddRange(messages.SelectMany(m => m.Transactions));
            }

            // A stream killed mid-load: every message is written, merges of 1,000 rows commit while later ones are staged.
            var call = server.Transactions.ImportTransactions();
            for (var m = 0; m < KilledMessages; m++)
            {
                await call.RequestStream.WriteAsync(Batch($"k-{m}", $"k-{m}", MessageRows));
            }

            await WaitForRowsAsync(path, "k-%", TimeSpan.FromSeconds(20));
            server.KillHard();
            call.Dispose();
        }

        await using (var restarted = await ServerProcess.StartAsync(path, unit))
        {
            var replay = await ImportAsync(restarted.Transactions.ImportTransactions(),
                acknowledged.Chunk(MessageRows).Select(Message));
            Assert.Equal((0L, acknowledged.Count, 0L), (replay.Accepted, replay.Duplicates, replay.Rejected));
            for (var m = 0; m < KilledMessages; m++)
            {
                var stored = await restarted.Transactions.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = $"k-{m}", PageSize = 1000 });
                Assert.True(stored.Transactions.Count is 0 or MessageRows, $"message {m} was half written: {stored.Transactions.Count} rows");
            }
        }

        await using var connection = await StoreUnderTest.OpenAsync(path);
        if (!StoreUnderTest.IsPostgres)
        {
            Assert.Equal("ok", await ScalarAsync<string>(connection, "PRAGMA integrity_check"));
        }

        Assert.Equal(0L, await ScalarAsync<long>(connection, """
            SELECT count(*) FROM customers c
            WHERE coalesce((SELECT purchases FROM customer_totals t WHERE t.customer_key = c.key), 0)
               <> (SELECT count(*) FROM transactions x WHERE x.customer_key = c.key AND x.kind = 1)
            """));
    }

    private static ImportTransactionsRequest Message(IEnumerable<Transaction> rows) => new() { Transactions = { rows } };

    private static ImportTransactionsRequest Batch(string prefix, string customerId, int rows) =>
        Message(Enumerable.Range(0, rows).Select(i => Rows.Purchase($"{prefix}-{i}", customerId, 100 + i, day: i % 20)));

    /// <summary>
    /// A book of 30 customers in three segments with purchases, refunds, unknown costs, same-instant rows and up-sells over
    /// two years, imported in <paramref name="order"/> in messages of 25 rows.
    /// </summary>
    private static async Task ImportBookAsync(InProcessServer server, Order order)
    {
        string[] segments = ["smb", "enterprise", "consumer"];
        await ImportAsync(server.Customers.ImportCustomers(),
            [new ImportCustomersRequest { Customers = { Enumerable.Range(0, 30).Select(c => Rows.Customer($"c-{c:D2}", segments[c % 3])) } }]);
        var random = new Random(7);
        var rows = new List<Transaction>();
        for (var c = 0; c < 30; c++)
        {
            for (var k = 0; k < 3 + (c % 9); k++)
            {
                var row = Rows.Purchase($"t-{c:D2}-{k:D2}", $"c-{c:D2}", 500 + random.Next(20_000), day: random.Next(600));
                if (random.Next(9) == 0)
                {
                    row.Kind = TransactionKind.Refund;
                    row.SaleType = SaleType.Unspecified;
                }
                else
                {
                    row.SaleType = k == 0 ? SaleType.New : random.Next(5) == 0 ? SaleType.Upsell : SaleType.Repeat;
                }

                if (random.Next(3) > 0)
                {
                    row.CostMinor = row.AmountMinor / 2;
                }

                rows.Add(row);
            }
        }

        var shuffle = new Random(11);
        var ordered = order switch
        {
            Order.Customer => rows,
            Order.Time => [.. rows.OrderBy(r => r.OccurredAt.ToDateTimeOffset()).ThenBy(r => r.Id, StringComparer.Ordinal)],
            _ => [.. rows.OrderBy(_ => shuffle.Next())],
        };
        var summary = await ImportAsync(server.Transactions.ImportTransactions(), ordered.Chunk(25).Select(Message));
        Assert.Equal(rows.Count, summary.Accepted);
    }

    /// <summary>The answers of several query RPCs over the whole book, as bytes.</summary>
    private static async Task<List<(string Call, ByteString Bytes)>> AnswersAsync(InProcessServer server)
    {
        var period = new Period { Start = Rows.At(0), End = Rows.At(700) };
        var asOf = Rows.At(650);
        var answers = new List<(string, ByteString)>
        {
            ("portfolio", (await server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = period })).ToByteString()),
            ("portfolio by segment", (await server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
            {
                Period = period,
                GroupBy = new GroupBy { Dimension = GroupByDimension.Segment },
                ChurnDefinition = new ChurnDefinition { InactivityDays = 90 },
            })).ToByteString()),
            ("series", (await server.Metrics.GetMetricSeriesAsync(new GetMetricSeriesRequest
            {
                Range = period,
                Granularity = Granularity.Quarter,
                Metrics = { PortfolioMetric.AveragePurchaseValue, PortfolioMetric.PurchaseFrequency, PortfolioMetric.HistoricalClv, PortfolioMetric.ChurnRate },
            })).ToByteString()),
            ("cohorts", (await server.Metrics.GetCohortRetentionAsync(new GetCohortRetentionRequest
            {
                Range = period, Granularity = Granularity.Quarter, AsOf = asOf,
            })).ToByteString()),
        };
        for (var c = 0; c < 30; c++)
        {
            var id = $"c-{c:D2}";
            answers.Add(($"metrics of {id}", (await server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = id, AsOf = asOf })).ToByteString()));
            var page = await server.Transactions.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = id, PageSize = 1000 });
            // Rows at the same instant list in storage order, which is arrival order whatever the store; each same-instant
            // run is put in id order here, everything else must match as listed.
            var listed = page.Transactions.OrderBy(t => t.OccurredAt.ToDateTimeOffset()).ThenBy(t => t.Id, StringComparer.Ordinal);
            Assert.True(page.Transactions.Select(t => t.OccurredAt.ToDateTimeOffset()).SequenceEqual(page.Transactions.Select(t => t.OccurredAt.ToDateTimeOffset()).Order()),
                $"transactions of {id} are not listed in time order");
            answers.Add(($"transactions of {id}", Message(listed).ToByteString()));
        }

        return answers;
    }

    private static async Task<(long Rows, long Purchases)> SnapshotAsync(System.Data.Common.DbConnection reader)
    {
        // One read transaction: both figures come from one snapshot (one statement, so on PostgreSQL too).
        await using var transaction = await reader.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await using var command = reader.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT (SELECT count(*) FROM transactions), (SELECT coalesce(sum(purchases), 0) FROM customer_totals)
            """;
        await using var row = await command.ExecuteReaderAsync();
        await row.ReadAsync();
        return (row.GetInt64(0), row.GetInt64(1));
    }

    /// <summary>Waits (bounded) until a merge has stored rows of customers matching <paramref name="customerPattern"/>.</summary>
    private static async Task WaitForRowsAsync(string path, string customerPattern, TimeSpan limit)
    {
        await using var connection = await StoreUnderTest.OpenAsync(path);
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM transactions t JOIN customers c ON c.key = t.customer_key WHERE c.id LIKE @pattern";
            var pattern = command.CreateParameter();
            pattern.ParameterName = "pattern";
            pattern.Value = customerPattern;
            command.Parameters.Add(pattern);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(20);
        }
    }

    private static async Task<T> ScalarAsync<T>(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
