using Npgsql;
using NpgsqlTypes;

namespace CrmGrpc.Data.Postgres.Import;

/// <summary>
/// How one entity is written by <see cref="BatchWriter"/>: how to read stored rows back by id to compare, how to append
/// new rows with binary COPY, and whether a changed row is updated (upsert) or rejected as a conflict. The same rules
/// as the SQLite store's mappings, so that both stores classify every row alike.
/// </summary>
public abstract class RowMapping<TEntity>
    where TEntity : class
{
    /// <summary>The entity's name in messages and in the ingest log, e.g. "transaction".</summary>
    public abstract string Entity { get; }

    /// <summary>Selects stored rows whose id is in the text array <c>@ids</c>, in the column order <see cref="Read"/> expects.</summary>
    public abstract string SelectByIdsSql { get; }

    /// <summary><c>COPY table (…) FROM STDIN (FORMAT BINARY)</c> with the columns <see cref="WriteRowAsync"/> writes.</summary>
    public abstract string CopySql { get; }

    /// <summary>Whether a stored row with other content is replaced (customers) rather than rejected as a conflict.</summary>
    public virtual bool Upserts => false;

    /// <summary>Whether new rows change the per-customer totals (transactions).</summary>
    public virtual bool KeepsTotals => false;

    public abstract string IdOf(TEntity entity);

    /// <summary>The customer a row belongs to, which must exist; null for entities without one.</summary>
    public virtual string? CustomerIdOf(TEntity entity) => null;

    public abstract TEntity Read(NpgsqlDataReader reader);

    public abstract Task WriteRowAsync(NpgsqlBinaryImporter importer, TEntity entity, long customerKey, long nowMs, CancellationToken cancellationToken);

    /// <summary>Replaces the stored rows of <paramref name="rows"/>' ids (only when <see cref="Upserts"/>).</summary>
    public virtual Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TEntity> rows, long nowMs, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Entity} rows are not updated");

    public abstract bool SameContent(TEntity stored, TEntity incoming);

    /// <summary>An instant as the store keeps it (whole milliseconds), to compare a replayed row with the stored one.</summary>
    protected static DateTimeOffset Stored(DateTimeOffset instant) => UnixMs.From(UnixMs.Of(instant));

    protected static DateTimeOffset? Stored(DateTimeOffset? instant) => instant is { } value ? Stored(value) : null;

    protected static async Task WriteAsync(NpgsqlBinaryImporter importer, long? value, CancellationToken cancellationToken)
    {
        if (value is { } number)
        {
            await importer.WriteAsync(number, NpgsqlDbType.Bigint, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }
    }

    protected static Task WriteAsync(NpgsqlBinaryImporter importer, string value, CancellationToken cancellationToken) =>
        importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    protected static long? NullableInt64(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}

/// <summary>Instants as the store keeps them: unix milliseconds (UTC).</summary>
public static class UnixMs
{
    public static long Of(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static long? Of(DateTimeOffset? instant) => instant?.ToUnixTimeMilliseconds();

    public static DateTimeOffset From(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? From(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
