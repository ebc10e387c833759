using Microsoft.Extensions.Logging;
using Npgsql;

namespace CrmGrpc.Data.Postgres;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_name.sql</c> scripts in order, each in its own transaction, recording each
/// applied number in <c>crm_schema_version</c>. The whole run holds a session advisory lock, so that several servers
/// starting at once on one database migrate once: the first applies the scripts, the others wait and find them applied.
/// </summary>
public sealed partial class Migrator(PostgresDatabase database, ILogger<Migrator> logger)
{
    private const string ResourcePrefix = "CrmGrpc.Data.Postgres.Migrations.";

    private const string CreateVersionTable = "CREATE TABLE IF NOT EXISTS crm_schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())";

    /// <summary>The scripts, ordered by their number.</summary>
    public static IReadOnlyList<MigrationScript> Scripts { get; } = MigrationScripts.Load(typeof(Migrator).Assembly, ResourcePrefix);

    public static int LatestVersion => Scripts[^1].Version;

    /// <summary>Brings the schema to the latest version; returns the version it found.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresDatabase.MigrationLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, CreateVersionTable, cancellationToken);
            await using (var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM crm_schema_version", connection))
            {
                var found = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                if (found > LatestVersion)
                {
                    throw new StoreStartException(
                        $"the database {database.Location} has schema version {found}, newer than this server's {LatestVersion}");
                }

                foreach (var (version, name, sql) in Scripts.Where(s => s.Version > found))
                {
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    await ExecuteAsync(connection, transaction, sql, cancellationToken);
                    await ExecuteAsync(connection, transaction, $"INSERT INTO crm_schema_version (version) VALUES ({version})", cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    LogApplied(logger, version, name, database.Location);
                }

                return found;
            }
        }
        finally
        {
            // A broken connection drops the session lock by itself; only a live one needs the unlock.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresDatabase.MigrationLockKey})", CancellationToken.None);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} ({Name}) to {Location}")]
    private static partial void LogApplied(ILogger logger, int version, string name, string location);
}
