using Dapper;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Sqlite.Import;

/// <summary>
/// How one entity is written by <see cref="BatchWriter"/>: its insert (which must do nothing on a
/// duplicate id), how to read the stored row back to compare, and whether a changed row is updated
/// (upsert) or rejected as a conflict.
/// </summary>
public abstract class RowMapping<TEntity, TRow>
    where TRow : class
{
    /// <summary>The entity's name in messages and in the ingest log, e.g. "transaction".</summary>
    public abstract string Entity { get; }

    /// <summary><c>INSERT … ON CONFLICT (id) DO NOTHING</c> with parameters $p0, $p1 … in <see cref="Bind"/>'s order.</summary>
    public abstract string InsertSql { get; }

    /// <summary>Selects the stored row by <c>$id</c>, with the columns of <typeparamref name="TRow"/>.</summary>
    public abstract string SelectByIdSql { get; }

    /// <summary>Updates the row by id with the insert's parameters; null when a changed row is a conflict.</summary>
    public virtual string? UpdateSql => null;

    /// <summary>How many parameters <see cref="Bind"/> sets.</summary>
    public abstract int ParameterCount { get; }

    public abstract string IdOf(TEntity entity);

    /// <summary>The customer a row belongs to, which must exist; null for entities without one.</summary>
    public virtual string? CustomerIdOf(TEntity entity) => null;

    /// <summary>Sets the insert parameters $p0… for <paramref name="entity"/>.</summary>
    public abstract void Bind(RowStatement statement, TEntity entity, long customerKey, long nowMs);

    public abstract TEntity ToEntity(TRow row);

    /// <summary>Runs in the batch's transaction before its inserts; the mark it returns goes to <see cref="AfterInserts"/>.</summary>
    public virtual long BeforeInserts(SqliteConnection connection, SqliteTransaction transaction) => 0;

    /// <summary>
    /// Keeps tables derived from this entity in step, in the batch's transaction, when the batch inserted rows.
    /// Returns the inserted rows it had to take back (deleted again in the same transaction) because keeping them
    /// would break a derived table, each with its reason; the writer reports them as rejected.
    /// </summary>
    public virtual IReadOnlyList<EarlyRejection> AfterInserts(SqliteConnection connection, SqliteTransaction transaction, long mark) => [];

    public abstract bool SameContent(TEntity stored, TEntity incoming);

    internal TEntity Read(SqliteDataReader reader, Func<System.Data.Common.DbDataReader, TRow> parser) => ToEntity(parser(reader));

    internal static Func<System.Data.Common.DbDataReader, TRow> Parser(SqliteDataReader reader) => reader.GetRowParser<TRow>();

    /// <summary>An instant as the store keeps it (whole milliseconds), to compare a replayed row with the stored one.</summary>
    protected static DateTimeOffset Stored(DateTimeOffset instant) => UnixTime.FromMs(UnixTime.ToMs(instant));

    protected static DateTimeOffset? Stored(DateTimeOffset? instant) => instant is { } value ? Stored(value) : null;
}
