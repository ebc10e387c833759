using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Data.Sqlite;

/// <summary>
/// Opens pooled connections to the store with the per-connection settings applied, and serialises
/// writers: SQLite allows one writer at a time, so queuing here beats retrying on SQLITE_BUSY.
/// </summary>
public sealed class SqliteDatabase : IBookVersion, IDisposable
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    static SqliteDatabase()
    {
        // Every query of this layer maps snake_case columns onto PascalCase properties; set it here, where
        // every repository passes, rather than in the host's registration.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;

        // A connection is never used by two threads at once (ADO.NET connections are not thread-safe), so SQLite's
        // serialized mode only adds a mutex to every call: measured, reading the fit's 1M histories took 0.30 s
        // with it and 0.255 s in multi-thread mode. SQLite takes the mode only before it first initialises; if
        // something in this process opened a database earlier, serialized mode stays, which is just as correct.
        SQLitePCL.Batteries_V2.Init();
        _ = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
    }

    public SqliteDatabase(IOptions<StoreOptions> options)
    {
        var settings = options.Value;
        Path = System.IO.Path.GetFullPath(settings.DatabasePath);
        PageSize = settings.PageSize;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, settings.BusyTimeoutMilliseconds / 1000),
        }.ToString();
        // journal_size_limit: once a checkpoint has recycled the WAL, its file is cut back to this size instead of
        // keeping the largest it ever reached.
        _pragmas = $"PRAGMA synchronous = {settings.Synchronous}; PRAGMA busy_timeout = {settings.BusyTimeoutMilliseconds}; " +
                   $"PRAGMA journal_size_limit = {WalSizeLimitBytes};";
    }

    /// <summary>The size the WAL file is cut back to after a checkpoint recycled it.</summary>
    public const long WalSizeLimitBytes = 64L * 1024 * 1024;

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The page size a new database file is made with (<see cref="StoreOptions.PageSize"/>).</summary>
    public int PageSize { get; }

    private long _version;

    /// <summary>
    /// Grows with every committed write of this process to the book (customers, transactions, engagement): caches of
    /// data derived from the book compare it to know they are stale. Storing results (models, recalculation runs) leaves it:
    /// a recalculation storing its batches made every per-customer call rebuild the book's RFM distribution.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>One server writes a SQLite file, so its own count of writes is the book's version.</summary>
    public ValueTask<long> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Version);

    internal void MarkWritten() => Interlocked.Increment(ref _version);

    /// <summary>
    /// Interrupts the statement running on <paramref name="connection"/> when <paramref name="cancellationToken"/> fires:
    /// the driver looks at the token only between rows, and an aggregate yields its first row when its whole scan is
    /// done. Dispose the registration before the connection (declare it after it), so that the interrupt never reaches
    /// a pooled connection lent to another caller; <see cref="IsInterruption"/> tells the error that follows.
    /// </summary>
    public static CancellationTokenRegistration InterruptOnCancel(SqliteConnection connection, CancellationToken cancellationToken) =>
        cancellationToken.Register(static state => SQLitePCL.raw.sqlite3_interrupt(((SqliteConnection)state!).Handle), connection);

    /// <summary>Whether <paramref name="exception"/> is a statement interrupted because <paramref name="cancellationToken"/> fired.</summary>
    public static bool IsInterruption(SqliteException exception, CancellationToken cancellationToken) =>
        exception.SqliteErrorCode == SQLitePCL.raw.SQLITE_INTERRUPT && cancellationToken.IsCancellationRequested;

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

    /// <summary>
    /// Waits for the single writer slot; dispose the result to release it. <paramref name="changesBook"/> false: the
    /// write stores only results derived from the book, so <see cref="Version"/> stays.
    /// </summary>
    public async Task<IDisposable> EnterWriteAsync(CancellationToken cancellationToken, bool changesBook = true)
    {
        await _writeGate.WaitAsync(cancellationToken);
        return new WriteSlot(this, wrote: changesBook);
    }

    /// <summary>
    /// Waits for the writer slot and keeps it without writing: while it is held no write of this process commits, so
    /// read transactions begun meanwhile on several connections see one snapshot. Dispose the result to release it.
    /// </summary>
    public async Task<IDisposable> HoldWritesAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        return new WriteSlot(this, wrote: false);
    }

    public void Dispose() => _writeGate.Dispose();

    /// <summary>Releasing a slot entered to write counts as a write: whoever held it may have committed.</summary>
    private sealed class WriteSlot(SqliteDatabase database, bool wrote) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                if (wrote)
                {
                    database.MarkWritten();
                }

                database._writeGate.Release();
            }
        }
    }
}
