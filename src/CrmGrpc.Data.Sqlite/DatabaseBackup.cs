using CrmGrpc.Data;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CrmGrpc.Data.Sqlite;

/// <summary>
/// Online backups of the live store. <c>VACUUM INTO</c> copies the database in one read transaction, so the copy is one
/// consistent snapshot; in WAL mode the writers go on meanwhile. The copy goes to a temporary file beside the database
/// (same file system, so no cross-device copy) and is compacted: no free pages, indexes rebuilt in order.
/// One backup runs at a time: two would double the disk space and I/O for no gain.
/// </summary>
public sealed partial class DatabaseBackup(SqliteDatabase database, TimeProvider time, ILogger<DatabaseBackup> logger) : IDatabaseBackup, IDisposable
{
    /// <summary>The temporary copies' names: <c>crm.db.backup-GUID.tmp</c>, beside the database.</summary>
    private const string TempInfix = ".backup-";
    private const string TempSuffix = ".tmp";

    private const string VacuumIntoSql = "VACUUM INTO @path";
    private const string QuickCheckSql = "PRAGMA quick_check";
    private const string SchemaVersionSql = "PRAGMA user_version";
    private const string CountsSql = "SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM transactions) AS transactions";

    private const int SqliteFull = 13;
    private const int SqliteInterrupt = 9;

    private readonly SemaphoreSlim _single = new(1, 1);

    /// <summary>
    /// Makes and checks a copy, or returns null at once when another backup is running. Dispose the result to delete
    /// the copy and let the next backup run; on failure or cancellation nothing is left behind.
    /// </summary>
    public async Task<BackupCopy?> TryCreateAsync(CancellationToken cancellationToken)
    {
        if (!await _single.WaitAsync(0, cancellationToken))
        {
            return null;
        }

        var path = $"{database.Path}{TempInfix}{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            // A server killed during a backup leaves its copy; with the single slot held, no other copy is in use.
            DeleteLeftovers();
            var started = Stopwatch.GetTimestamp();
            var snapshotTime = time.GetUtcNow();
            await VacuumIntoAsync(path, cancellationToken);
            var manifest = await InspectAsync(path, snapshotTime, Stopwatch.GetElapsedTime(started), cancellationToken);
            // A cancellation that came between statements interrupted nothing: the finished copy is dropped all the same.
            cancellationToken.ThrowIfCancellationRequested();
            LogCopied(logger, path, manifest.SizeBytes, manifest.Customers, manifest.Transactions, manifest.CopyTime.TotalSeconds);
            return new BackupCopy(path, manifest, Finish);
        }
        catch
        {
            DeleteCopy(path);
            _single.Release();
            throw;
        }
    }

    public void Dispose() => _single.Dispose();

    private void Finish(string path)
    {
        DeleteCopy(path);
        _single.Release();
    }

    private async Task VacuumIntoAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            // SQLite runs the statement to its end whatever the token says; interrupting it is how a deadline or a
            // cancelled call stops a copy of gigabytes. Disposed before the connection: the callback never sees it closed.
            using var interrupt = cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
            // Cancelled before the registration: its callback ran at once, on an idle connection, where it does nothing.
            cancellationToken.ThrowIfCancellationRequested();
            await connection.ExecuteAsync(new CommandDefinition(VacuumIntoSql, new { path }, commandTimeout: 0, cancellationToken: cancellationToken));
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == SqliteInterrupt && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the backup was cancelled", exception, cancellationToken);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == SqliteFull)
        {
            throw new BackupDiskFullException(exception);
        }
    }

    /// <summary>Checks the copy and reads what it holds, on a connection of its own (unpooled, so the file can be deleted).</summary>
    private static async Task<BackupManifest> InspectAsync(string path, DateTimeOffset snapshotTime, TimeSpan copyTime, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var findings = (await connection.QueryAsync<string>(new CommandDefinition(QuickCheckSql, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        if (findings is not ["ok"])
        {
            throw new BackupCheckFailedException(string.Join("; ", findings.Take(5)));
        }

        var schemaVersion = await connection.ExecuteScalarAsync<int>(new CommandDefinition(SchemaVersionSql, cancellationToken: cancellationToken));
        var counts = await connection.QuerySingleAsync<(long Customers, long Transactions)>(new CommandDefinition(CountsSql, cancellationToken: cancellationToken));
        return new BackupManifest(new FileInfo(path).Length, schemaVersion, snapshotTime, counts.Customers, counts.Transactions, copyTime);
    }

    private void DeleteLeftovers()
    {
        var directory = Path.GetDirectoryName(database.Path)!;
        var pattern = $"{Path.GetFileName(database.Path)}{TempInfix}*{TempSuffix}*";
        foreach (var leftover in Directory.EnumerateFiles(directory, pattern))
        {
            TryDelete(leftover);
        }
    }

    private void DeleteCopy(string path)
    {
        // Checking the copy opens it as a database, which may leave a journal or WAL beside it; remove those too.
        foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            TryDelete(file);
        }
    }

    private void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException exception)
        {
            LogNotDeleted(logger, exception, file);
        }
        catch (UnauthorizedAccessException exception)
        {
            LogNotDeleted(logger, exception, file);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup copy {Path}: {Bytes} bytes, {Customers} customers, {Transactions} transactions, made and checked in {Seconds:0.00} s")]
    private static partial void LogCopied(ILogger logger, string path, long bytes, long customers, long transactions, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the backup copy {Path}")]
    private static partial void LogNotDeleted(ILogger logger, Exception exception, string path);
}
