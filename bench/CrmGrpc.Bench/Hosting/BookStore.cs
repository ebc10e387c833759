using System.Globalization;
using CrmGrpc.Bench.Measurement;
using Npgsql;

namespace CrmGrpc.Bench.Hosting;

/// <summary>The store the server keeps the book in: <c>--store sqlite</c> (a file) or <c>--store postgres</c> (a cluster of the bench's own).</summary>
internal enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the measured server keeps the bench's book, and what the bench measures of it that depends on the store.
/// Disposing it removes what it created (unless --keep-db) and, on PostgreSQL, stops the cluster, on every way out.
/// </summary>
internal abstract class BookStore : IAsyncDisposable
{
    /// <summary>The JSON's <c>store</c>: <c>sqlite</c> or <c>postgres</c>.</summary>
    public abstract string Name { get; }

    /// <summary>For titles and phase names: "SQLite", "PostgreSQL".</summary>
    public abstract string DisplayName { get; }

    /// <summary>Where the book is, for the first line of the run.</summary>
    public abstract string Location { get; }

    /// <summary>The server's arguments that put it on the bench's book (the same on a restart: the same book).</summary>
    public abstract IReadOnlyList<string> ServerArguments { get; }

    /// <summary>A new empty book for a phase that needs its own (the CLI import): its server arguments; dropped when disposed.</summary>
    public abstract Task<FreshBook> CreateFreshBookAsync(string name, CancellationToken cancellationToken);

    /// <summary>The size of the book on disk after the run: the file with its WAL, or <c>pg_database_size</c>.</summary>
    public abstract Task<long> DatabaseBytesAsync(CancellationToken cancellationToken);

    /// <summary>One timed run of the recalculation's floor on the book (the server stopped): seconds, and a detail.</summary>
    public abstract Task<(double Seconds, string Detail)> MeasureFloorAsync(CancellationToken cancellationToken);

    /// <summary>The store's version (the JSON's <c>versions.sqlite</c> or <c>versions.postgres</c>).</summary>
    public abstract Task<string> VersionAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Creates the book's store in <paramref name="directory"/>: a fresh SQLite file, or a cluster with a database <c>crm_bench</c>.</summary>
    public static async Task<BookStore> CreateAsync(BenchSettings settings, string directory, CancellationToken cancellationToken)
    {
        if (settings.Store == StoreKind.Sqlite)
        {
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"bench-{settings.Customers}-{settings.Transactions}-{settings.Seed}.db"));
            SqliteBookStore.Delete(path);
            return new SqliteBookStore(path, settings.KeepDatabase);
        }

        var pgDirectory = Path.Combine(directory, "pg");
        if (Directory.Exists(pgDirectory))
        {
            // A cluster folder left by a --keep-db run: initdb wants an empty folder.
            throw new BenchException($"{pgDirectory} exists (kept by an earlier --keep-db run?); remove it or pass another --work-dir");
        }

        var cluster = await PostgresCluster.StartAsync(pgDirectory, settings.PostgresReplica, settings.KeepDatabase, cancellationToken);
        try
        {
            await PostgresBookStore.CreateDatabaseAsync(cluster, PostgresBookStore.BookDatabase, cancellationToken);
            var store = new PostgresBookStore(cluster);
            // The server connects to the replica's copy of the database: it must exist there first.
            await store.WaitForReplicaAsync(cancellationToken);
            return store;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}

/// <summary>A book of a phase's own, and how to drop it.</summary>
internal sealed class FreshBook(IReadOnlyList<string> serverArguments, Func<ValueTask> drop) : IAsyncDisposable
{
    public IReadOnlyList<string> ServerArguments { get; } = serverArguments;

    public ValueTask DisposeAsync() => drop();
}

/// <summary>The server's default store: one SQLite file in the work folder (<c>--db FILE</c>).</summary>
internal sealed class SqliteBookStore(string databasePath, bool keep) : BookStore
{
    public string DatabasePath { get; } = databasePath;

    public override string Name => "sqlite";

    public override string DisplayName => "SQLite";

    public override string Location => DatabasePath;

    public override IReadOnlyList<string> ServerArguments => ["--db", DatabasePath];

    /// <summary>The WAL file's size now (0 when there is none).</summary>
    public long WalBytes()
    {
        var file = new FileInfo(DatabasePath + "-wal");
        return file.Exists ? file.Length : 0;
    }

    public override Task<FreshBook> CreateFreshBookAsync(string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetDirectoryName(DatabasePath)!, name + ".db");
        Delete(path);
        return Task.FromResult(new FreshBook(["--db", path], () =>
        {
            Delete(path);
            return ValueTask.CompletedTask;
        }));
    }

    public override Task<long> DatabaseBytesAsync(CancellationToken cancellationToken) => Task.FromResult(SqliteFloor.DatabaseBytes(DatabasePath));

    public override Task<(double Seconds, string Detail)> MeasureFloorAsync(CancellationToken cancellationToken)
    {
        var (seconds, groups) = SqliteFloor.Measure(DatabasePath, cancellationToken);
        return Task.FromResult((seconds, string.Create(CultureInfo.InvariantCulture, $"{seconds:N3} s over {groups:N0} customers")));
    }

    public override Task<string> VersionAsync(CancellationToken cancellationToken) => Task.FromResult(SqliteFloor.Version(DatabasePath));

    public override ValueTask DisposeAsync()
    {
        if (!keep)
        {
            Delete(DatabasePath);
        }

        return ValueTask.CompletedTask;
    }

    public static void Delete(string databasePath)
    {
        foreach (var path in new[] { databasePath, databasePath + "-wal", databasePath + "-shm", databasePath + "-journal" })
        {
            File.Delete(path);
        }
    }
}

/// <summary>
/// The PostgreSQL store: the bench's own cluster (<see cref="PostgresCluster"/>, durable), the book in database
/// <c>crm_bench</c>; with --pg-replica the server's heavy reads go to the cluster's streaming replica.
/// </summary>
internal sealed class PostgresBookStore(PostgresCluster cluster) : BookStore
{
    public const string BookDatabase = "crm_bench";

    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(10);

    public override string Name => "postgres";

    public override string DisplayName => "PostgreSQL";

    public bool HasReplica => cluster.ReplicaAdminConnectionString is not null;

    /// <summary>The book's database on the primary.</summary>
    public string ConnectionString { get; } = PostgresCluster.WithDatabase(cluster.AdminConnectionString, BookDatabase);

    /// <summary>The book's database where the server's heavy reads run: the replica when there is one, else the primary.</summary>
    public string HeavyReadConnectionString => cluster.ReplicaAdminConnectionString is { } replica
        ? PostgresCluster.WithDatabase(replica, BookDatabase)
        : ConnectionString;

    public override string Location => string.Create(CultureInfo.InvariantCulture,
        $"PostgreSQL database {BookDatabase} ({Describe(cluster.AdminConnectionString)}{(HasReplica ? ", heavy reads on the replica " + Describe(cluster.ReplicaAdminConnectionString!) : "")}) in {cluster.Directory}");

    public override IReadOnlyList<string> ServerArguments => Arguments(BookDatabase);

    public override async Task<FreshBook> CreateFreshBookAsync(string name, CancellationToken cancellationToken)
    {
        await CreateDatabaseAsync(cluster, name, cancellationToken);
        await WaitForReplicaAsync(cancellationToken);
        return new FreshBook(Arguments(name), async () =>
        {
            if (!cluster.Keep)
            {
                await ExecuteAsync(cluster.AdminConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
            }
        });
    }

    public override async Task<long> DatabaseBytesAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_database_size(@name)", connection);
        command.Parameters.AddWithValue("name", BookDatabase);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Where the recalculation reads: on the replica when the server's heavy reads go there.</summary>
    public override async Task<(double Seconds, string Detail)> MeasureFloorAsync(CancellationToken cancellationToken)
    {
        var seconds = await PostgresFloor.MeasureAsync(HeavyReadConnectionString, cancellationToken);
        return (seconds, string.Create(CultureInfo.InvariantCulture, $"{seconds:N3} s (psql, {(HasReplica ? "replica" : "primary")})"));
    }

    public override async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Waits until the replica has replayed everything the primary has written so far (the imports), so that the heavy
    /// reads after an import see the whole book; returns the seconds waited. Without a replica, returns 0 at once.
    /// </summary>
    public async Task<double> WaitForReplicaAsync(CancellationToken cancellationToken)
    {
        if (cluster.ReplicaAdminConnectionString is not { } replica)
        {
            return 0;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        string lsn;
        await using (var primary = new NpgsqlConnection(cluster.AdminConnectionString))
        {
            await primary.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", primary);
            lsn = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var standby = new NpgsqlConnection(replica);
        await standby.OpenAsync(cancellationToken);
        await using var replayed = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= @lsn::pg_lsn", standby);
        replayed.Parameters.AddWithValue("lsn", lsn);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CatchUpTimeout);
        while (!(bool)(await replayed.ExecuteScalarAsync(limit.Token))!)
        {
            await Task.Delay(50, limit.Token);
        }

        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    public override async ValueTask DisposeAsync() => await cluster.DisposeAsync();

    public static Task CreateDatabaseAsync(PostgresCluster cluster, string name, CancellationToken cancellationToken) =>
        ExecuteAsync(cluster.AdminConnectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);

    private List<string> Arguments(string database)
    {
        List<string> arguments = ["--store", "postgres", "--pg", PostgresCluster.WithDatabase(cluster.AdminConnectionString, database)];
        if (cluster.ReplicaAdminConnectionString is { } replica)
        {
            arguments.Add("--Crm:Store:ReplicaConnectionString=" + PostgresCluster.WithDatabase(replica, database));
        }

        return arguments;
    }

    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}");
    }

    /// <summary>DDL on the admin connection (a database name cannot be a parameter; ours are the bench's own constants).</summary>
    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
