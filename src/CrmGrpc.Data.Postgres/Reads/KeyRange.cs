using Npgsql;

namespace CrmGrpc.Data.Postgres.Reads;

/// <summary>The customers' keys split into consecutive ranges, one per part of a read, as the SQLite store splits them.</summary>
internal readonly record struct KeyRange(long First, long Last)
{
    private const string CustomerKeys = "SELECT min(key), max(key) FROM customers";

    /// <summary>The smallest and largest customer key in the transaction's snapshot; null without customers.</summary>
    public static async Task<KeyRange?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CustomerKeys, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? new KeyRange(reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/>: the same split as the SQLite store's.</summary>
    public KeyRange Part(int part, int parts)
    {
        var span = Last - First + 1;
        return new KeyRange(First + (span * part / parts), First + (span * (part + 1) / parts) - 1);
    }
}
