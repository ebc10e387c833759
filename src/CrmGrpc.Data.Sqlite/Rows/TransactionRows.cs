using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Totals;
using CrmGrpc.Domain.Entities;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Sqlite.Rows;

/// <summary>A <c>transactions</c> row joined to its customer's id.</summary>
public sealed class TransactionRow
{
    public long Seq { get; set; }
    public string Id { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public long OccurredAt { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "";
    public long Kind { get; set; }
    public long SaleType { get; set; }
    public long? CostMinor { get; set; }
    public string Product { get; set; } = "";
    public string Category { get; set; } = "";
}

public sealed class TransactionMapping : RowMapping<Transaction, TransactionRow>
{
    public const string Select = """
        SELECT t.seq, t.id, c.id AS customer_id, t.occurred_at, t.amount_minor, t.currency, t.kind, t.sale_type,
               t.cost_minor, t.product, t.category
        FROM transactions t JOIN customers c ON c.key = t.customer_key
        """;

    public static readonly TransactionMapping Instance = new();

    public override string Entity => "transaction";

    public override string InsertSql => """
        INSERT INTO transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, cost_minor, product, category)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9)
        ON CONFLICT (id) DO NOTHING
        """;

    public override string SelectByIdSql => Select + " WHERE t.id = $id";

    public override int ParameterCount => 10;

    public override string IdOf(Transaction entity) => entity.Id;

    public override string? CustomerIdOf(Transaction entity) => entity.CustomerId;

    public override void Bind(RowStatement statement, Transaction entity, long customerKey, long nowMs)
    {
        statement.Set(0, entity.Id);
        statement.Set(1, customerKey);
        statement.Set(2, UnixTime.ToMs(entity.OccurredAt));
        statement.Set(3, entity.AmountMinor);
        statement.Set(4, entity.Currency);
        statement.Set(5, (int)entity.Kind);
        statement.Set(6, (int)entity.SaleType);
        statement.Set(7, entity.CostMinor);
        statement.Set(8, entity.Product);
        statement.Set(9, entity.Category);
    }

    public override long BeforeInserts(SqliteConnection connection, SqliteTransaction transaction) =>
        CustomerTotals.LastSeq(connection, transaction);

    public override IReadOnlyList<EarlyRejection> AfterInserts(SqliteConnection connection, SqliteTransaction transaction, long mark) =>
        CustomerTotals.RefreshSince(connection, transaction, mark);

    public override Transaction ToEntity(TransactionRow row) =>
        new(row.Id, row.CustomerId, UnixTime.FromMs(row.OccurredAt), row.AmountMinor, row.Currency, (TransactionKind)row.Kind,
            (SaleType)row.SaleType, row.CostMinor, row.Product, row.Category);

    public override bool SameContent(Transaction stored, Transaction incoming) =>
        stored == incoming with { OccurredAt = Stored(incoming.OccurredAt) };
}
