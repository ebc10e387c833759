using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Data;

/// <summary>
/// Opens pooled connections to the store with the per-connection settings applied, and serialises
/// writers: SQLite allows one writer at a time, so queuing here beats retrying on SQLITE_BUSY.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    static SqliteDatabase()
    {
        // Every query of this layer maps snake_case columns onto PascalCase properties; set it here, where
        // every repository passes, rather than in the host's registration.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public SqliteDatabase(IOptions<StoreOptions> options)
    {
        var settings = options.Value;
        Path = System.IO.Path.GetFullPath(settings.DatabasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, settings.BusyTimeoutMilliseconds / 1000),
        }.ToString();
        _pragmas = $"PRAGMA synchronous = {settings.Synchronous}; PRAGMA busy_timeout = {settings.BusyTimeoutMilliseconds};";
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    private long _version;

    /// <summary>Grows with every committed write of this process: caches of derived data compare it to know they are stale.</summary>
    public long Version => Interlocked.Read(ref _version);

    internal void MarkWritten() => Interlocked.Increment(ref _version);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits for the single writer slot; dispose the result to release it.</summary>
    public async Task<IDisposable> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        return new WriteSlot(this);
    }

    public void Dispose() => _writeGate.Dispose();

    /// <summary>Releasing the write slot counts as a write: whoever held it may have committed.</summary>
    private sealed class WriteSlot(SqliteDatabase database) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                database.MarkWritten();
                database._writeGate.Release();
            }
        }
    }
}
