using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CrmGrpc.Data.Sqlite;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_name.sql</c> scripts in order, each in its own transaction,
/// recording the last applied number in <c>PRAGMA user_version</c>.
/// </summary>
public sealed partial class Migrator(SqliteDatabase database, ILogger<Migrator> logger)
{
    private const string ResourcePrefix = "CrmGrpc.Data.Sqlite.Migrations.";

    /// <summary>The scripts, ordered by their number.</summary>
    public static IReadOnlyList<MigrationScript> Scripts { get; } = MigrationScripts.Load(typeof(Migrator).Assembly, ResourcePrefix);

    public static int LatestVersion => Scripts[^1].Version;

    /// <summary>Brings the schema to the latest version; returns the version it found.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // WAL lets readers run beside the writer; the mode is stored in the file and cannot change inside a transaction.
        // The page size takes effect only in a file without tables yet (and before WAL mode is set); SQLite ignores it otherwise.
        await ExecuteAsync(connection, null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA page_size = {database.PageSize};"), cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        var found = Convert.ToInt32(await ScalarAsync(connection, "PRAGMA user_version;", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (found > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database {database.Path} has schema version {found}, newer than this server's {LatestVersion}.");
        }

        foreach (var (version, name, sql) in Scripts.Where(s => s.Version > found))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {version};", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, version, name, database.Path);
        }

        return found;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} ({Name}) to {Path}")]
    private static partial void LogApplied(ILogger logger, int version, string name, string path);
}
