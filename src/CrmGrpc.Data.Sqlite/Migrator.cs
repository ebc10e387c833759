using System.Reflection;
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
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = LoadScripts();

    public static int LatestVersion => Scripts[^1].Version;

    /// <summary>Brings the schema to the latest version; returns the version it found.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // WAL lets readers run beside the writer; the mode is stored in the file and cannot change inside a transaction.
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} ({Name}) to {Path}")]
    private static partial void LogApplied(ILogger logger, int version, string name, string path);
}
