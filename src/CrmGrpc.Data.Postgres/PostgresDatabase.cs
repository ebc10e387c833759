using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CrmGrpc.Data.Postgres;

/// <summary>
/// The PostgreSQL store's connections: a pooled data source for the primary and, when configured, one for a streaming
/// replica that the heavy reads use. Writers serialise on an advisory lock per transaction (<see cref="LockBookAsync"/>),
/// across every server sharing the database, as SQLite's single writer does within one process.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>The advisory lock key of the schema migration (any constant of ours; "crm" in ASCII, then 1).</summary>
    public const long MigrationLockKey = 0x63726d_01;

    /// <summary>The advisory lock key that book writes take for their transaction.</summary>
    public const long BookWriteLockKey = 0x63726d_02;

    private readonly NpgsqlDataSource _primary;
    private readonly NpgsqlDataSource? _replica;
    private volatile bool _replicaHasSchema;

    static PostgresDatabase()
    {
        // Every query of this layer maps snake_case columns onto PascalCase properties.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public PostgresDatabase(IOptions<StoreOptions> options)
    {
        var settings = options.Value;
        var primary = new NpgsqlConnectionStringBuilder(settings.ConnectionString
            ?? throw new InvalidOperationException("Crm:Store:ConnectionString (--pg) is required with the postgres store"));
        Location = Describe(primary);
        _primary = Build(primary, "crmgrpc");
        if (!string.IsNullOrWhiteSpace(settings.ReplicaConnectionString))
        {
            var replica = new NpgsqlConnectionStringBuilder(settings.ReplicaConnectionString);
            ReplicaLocation = Describe(replica);
            _replica = Build(replica, "crmgrpc-replica");
        }
    }

    /// <summary>The primary's host, port and database, for logs (never the password).</summary>
    public string Location { get; }

    /// <summary>The replica's, or null when the heavy reads use the primary.</summary>
    public string? ReplicaLocation { get; }

    /// <summary>Whether a replica serves the heavy reads.</summary>
    public bool HasReplica => _replica is not null;

    /// <summary>A connection to the primary: writes, and reads that must see them.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _primary.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// A connection for the heavy reads (recalculation, fits, portfolio metrics, segments): the replica when one is
    /// configured and the call allows it (<see cref="ReplicaReads"/>), which may lag the primary by its replay delay;
    /// else the primary.
    /// </summary>
    public async Task<NpgsqlConnection> OpenHeavyReadAsync(CancellationToken cancellationToken)
    {
        if (_replica is null || !ReplicaReads.AreAllowed)
        {
            return await _primary.OpenConnectionAsync(cancellationToken);
        }

        if (_replicaHasSchema)
        {
            return await _replica.OpenConnectionAsync(cancellationToken);
        }

        // A replica that has not replayed the database's creation or this server's migrations yet (just made, or lagging
        // behind a start) would fail on a missing database or table: the primary serves until it catches up.
        NpgsqlConnection connection;
        try
        {
            connection = await _replica.OpenConnectionAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return await _primary.OpenConnectionAsync(cancellationToken);
        }

        if (await HasLatestSchemaAsync(connection, cancellationToken))
        {
            _replicaHasSchema = true;
            return connection;
        }

        await connection.DisposeAsync();
        return await _primary.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the book's write lock for the rest of <paramref name="transaction"/>: one book write commits at a time across
    /// every server, so that per-customer totals are recomputed from every committed row and duplicates are told apart
    /// from conflicts whatever server the other copy reached.
    /// </summary>
    public static async Task LockBookAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
        command.Parameters.AddWithValue("key", BookWriteLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Bumps the book's version after a write committed (see the sequence <c>book_version</c>): other servers' caches
    /// then rebuild what they derived from the book. Call after the commit, never inside the transaction.
    /// </summary>
    public static async Task BumpBookVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT nextval('book_version')", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="exception"/> says the database cannot be reached now (as opposed to a bad statement).</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } => true,
        // 40001 also covers a replica's query cancelled by a conflict with recovery: the same call succeeds when retried.
        PostgresException postgres => postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "40001" or "40P01"
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        await _primary.DisposeAsync();
        if (_replica is not null)
        {
            await _replica.DisposeAsync();
        }
    }

    private static async Task<bool> HasLatestSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM crm_schema_version", connection);
        try
        {
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return version >= Migrator.LatestVersion;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    private static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"postgres://{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";

    private static NpgsqlDataSource Build(NpgsqlConnectionStringBuilder builder, string applicationName)
    {
        builder.ApplicationName ??= applicationName;
        // Fail fast when the server is away, rather than hold callers for Npgsql's default 15 s: callers get UNAVAILABLE
        // and retry, and the health check reports NOT_SERVING within its probe interval.
        if (builder.Timeout == 15)
        {
            builder.Timeout = 5;
        }

        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }
}
