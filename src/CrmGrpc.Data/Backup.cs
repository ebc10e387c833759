using System.Runtime.CompilerServices;

namespace CrmGrpc.Data;

/// <summary>What a finished copy holds, read from the copy itself.</summary>
public sealed record BackupManifest(long SizeBytes, int SchemaVersion, DateTimeOffset SnapshotTime, long Customers, long Transactions, TimeSpan CopyTime);

/// <summary>The copy failed <c>PRAGMA quick_check</c>: the store itself is probably damaged.</summary>
public sealed class BackupCheckFailedException(string finding) : Exception($"the copy failed its integrity check: {finding}")
{
    public string Finding { get; } = finding;
}

/// <summary>The disk beside the store has no room for the copy (SQLITE_FULL while writing it).</summary>
public sealed class BackupDiskFullException(Exception inner) : Exception("no room on the disk beside the database for the copy", inner);

/// <summary>The store keeps no file that a backup could copy (PostgreSQL: its own tools back it up).</summary>
public sealed class BackupNotSupportedException(string advice) : Exception(advice);

/// <summary>Online backups of the live store, one at a time.</summary>
public interface IDatabaseBackup
{
    /// <summary>
    /// Makes and checks a copy, or returns null at once when another backup is running. Dispose the result to delete
    /// the copy and let the next backup run; on failure or cancellation nothing is left behind.
    /// </summary>
    Task<BackupCopy?> TryCreateAsync(CancellationToken cancellationToken);
}

/// <summary>A checked copy of the store in a temporary file; disposing it deletes the file and ends the backup.</summary>
public sealed class BackupCopy : IAsyncDisposable
{
    private readonly Action<string> _finish;
    private int _disposed;

    /// <summary><paramref name="finish"/> deletes the file and ends the backup; it runs once, when the copy is disposed.</summary>
    public BackupCopy(string path, BackupManifest manifest, Action<string> finish)
    {
        Path = path;
        Manifest = manifest;
        _finish = finish;
    }

    /// <summary>The temporary file.</summary>
    public string Path { get; }

    public BackupManifest Manifest { get; }

    /// <summary>
    /// The file in order, in pieces of at most <paramref name="chunkBytes"/>. Each piece is valid only until the next one
    /// is asked for (one buffer is reused): copy it before.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(int chunkBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkBytes);
        var buffer = new byte[chunkBytes];
        await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
        int read;
        while ((read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
        {
            yield return buffer.AsMemory(0, read);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _finish(Path);
        }

        return ValueTask.CompletedTask;
    }
}
