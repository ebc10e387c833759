using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Totals;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain.Entities;
using Dapper;

namespace CrmGrpc.Data.Sqlite.Tests.Import;

/// <summary>A unit's staged rows come out by customer key, each customer's in stream order, every value as it went in.</summary>
public sealed class StagedRowsTests
{
    private const string CreateSql = """
        CREATE TEMP TABLE written (position INTEGER, message INTEGER, repeated INTEGER, id TEXT, customer_id TEXT, customer_key INTEGER,
                                   occurred_at INTEGER, amount_minor INTEGER, currency TEXT, kind INTEGER, sale_type INTEGER,
                                   cost_minor INTEGER, product TEXT, category TEXT)
        """;

    private const string InsertSql = "INSERT INTO temp.written VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13)";

    private sealed record Written(
        long Position, long Message, long Repeated, string Id, string CustomerId, long? CustomerKey, long OccurredAt, long AmountMinor,
        string Currency, long Kind, long SaleType, long? CostMinor, string Product, string Category);

    [Fact]
    public async Task Rows_come_out_by_customer_key_in_stream_order_with_every_value()
    {
        await using var store = await TestStore.CreateAsync();
        await using var connection = await store.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(CreateSql);
        await connection.ExecuteAsync(UnitTotals.CreateSql);
        using var rows = new StagedRows();
        var keys = new long?[] { 7, 3, null, 7, 3, long.MaxValue, 1, null, 7 };
        for (var i = 0; i < keys.Length; i++)
        {
            // Row 3 repeats row 0's id.
            var row = new Transaction(Id(i), $"c-{keys[i]}", Samples.T0, 100 + i, "USD", i % 2 == 0 ? TransactionKind.Purchase : TransactionKind.Refund,
                (SaleType)(i % 4), i % 3 == 0 ? null : i * 10, i == 4 ? "" : "widget", "hardware");
            Assert.Equal(i, rows.Add(row, position: 1_000 + i, message: i / 3, keys[i], occurredAtMs: -5 + i));
        }

        Assert.Equal(2, rows.MarkRepeatedIds());
        using (var insert = new RowStatement(connection, InsertSql, 14))
        using (var totals = new UnitTotals(connection))
        {
            rows.WriteSorted(insert, totals);
        }

        var written = (await connection.QueryAsync<Written>("SELECT * FROM temp.written ORDER BY rowid")).ToList();

        // Unknown customers first, then by key; within a key in stream order.
        Assert.Equal([2, 7, 6, 1, 4, 0, 3, 8, 5], written.Select(w => (int)(w.Position - 1_000)));
        foreach (var w in written)
        {
            var i = (int)(w.Position - 1_000);
            Assert.Equal(new Written(1_000 + i, i / 3, i is 0 or 3 ? 1 : 0, Id(i), $"c-{keys[i]}", keys[i], -5 + i, 100 + i, "USD",
                i % 2 == 0 ? 1 : 2, i % 4, i % 3 == 0 ? null : i * 10, i == 4 ? "" : "widget", "hardware"), w);
        }

        // The unit's totals: known customers' rows whose id occurs once (not rows 0 and 3), in key order.
        Assert.Equal([(1L, 1L), (3L, 2L), (7L, 1L), (long.MaxValue, 1L)],
            await connection.QueryAsync<(long, long)>("SELECT customer_key, purchases + (SELECT count(*) FROM temp.written w WHERE w.customer_key = u.customer_key AND w.kind = 2 AND w.repeated = 0) FROM temp.unit_totals u ORDER BY rowid"));

        rows.Clear();
        Assert.Equal(0, rows.Count);
        Assert.Equal(0, rows.MarkRepeatedIds());
        Assert.Equal(0, rows.Add(Samples.Transaction(), 1, 1, 1, 0));
    }

    private static string Id(int i) => i == 3 ? Id(0) : $"t-{i}-é€𝄞";
}
