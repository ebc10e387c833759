using Npgsql;

namespace CrmGrpc.Data.Postgres;

/// <summary>
/// The PostgreSQL store serves once migrated and while the primary answers: the health service reports NOT_SERVING while
/// it is away and SERVING again when it is back, with no restart.
/// </summary>
public sealed class PostgresStoreStatus(StoreReadiness readiness, PostgresDatabase database) : IStoreStatus
{
    public string Location => database.Location;

    public async Task<bool> IsServingAsync(CancellationToken cancellationToken)
    {
        if (!readiness.IsReady)
        {
            return false;
        }

        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>The book's version as the shared database has it: every server's writes bump it after they commit.</summary>
public sealed class PostgresBookVersion(PostgresDatabase database) : IBookVersion
{
    public async ValueTask<long> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM book_version", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
