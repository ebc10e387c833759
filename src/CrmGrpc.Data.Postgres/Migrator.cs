using System.Reflection;
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
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = LoadScripts();

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

    private static List<(int, string, string)> LoadScripts()
    {
        var assembly = typeof(Migrator).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[ResourcePrefix.Length..^".sql".Length];
                var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                return (version, name, Read(assembly, n));
            })
            .OrderBy(s => s.version)
            .ToList();
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].version != i + 1)
            {
                throw new InvalidOperationException($"Migration numbers must run 1, 2, 3 … without gaps; found {scripts[i].name}.");
            }
        }

        return scripts;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} ({Name}) to {Location}")]
    private static partial void LogApplied(ILogger logger, int version, string name, string location);
}
