using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Rows;
using CrmGrpc.Domain.Entities;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Sqlite.Tests.TestSupport;

/// <summary>
/// The transaction mapping with a hook after each row is bound: lets a test cancel or fail a batch half-way
/// through, after some of its rows were already inserted.
/// </summary>
internal sealed class InterruptingMapping(Action<int> afterBind) : RowMapping<Transaction, TransactionRow>
{
    private static readonly TransactionMapping Inner = TransactionMapping.Instance;
    private int _bound;

    public override string Entity => Inner.Entity;

    public override string InsertSql => Inner.InsertSql;

    public override string SelectByIdSql => Inner.SelectByIdSql;

    public override int ParameterCount => Inner.ParameterCount;

    public override string IdOf(Transaction entity) => Inner.IdOf(entity);

    public override string? CustomerIdOf(Transaction entity) => Inner.CustomerIdOf(entity);

    public override void Bind(RowStatement statement, Transaction entity, long customerKey, long nowMs)
    {
        Inner.Bind(statement, entity, customerKey, nowMs);
        afterBind(_bound++);
    }

    public override Transaction ToEntity(TransactionRow row) => Inner.ToEntity(row);

    public override bool SameContent(Transaction stored, Transaction incoming) => Inner.SameContent(stored, incoming);
}
