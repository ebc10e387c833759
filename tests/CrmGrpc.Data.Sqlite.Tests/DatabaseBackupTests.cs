using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain.Entities;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmGrpc.Data.Sqlite.Tests;

/// <summary>Online copies of a live store: one snapshot while imports go on, one at a time, nothing left behind.</summary>
public sealed class DatabaseBackupTests : IAsyncLifetime
{
    private const int Customers = 20;
    private const int BatchRows = 40;

    private static readonly CancellationToken None = CancellationToken.None;

    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        await _store.Customers.ImportAsync([.. Enumerable.Range(0, Customers).Select(i => Samples.Customer($"c-{i}"))], [], None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private DatabaseBackup NewBackup(TimeProvider? time = null) => new(_store.Database, time ?? _store.Time, NullLogger<DatabaseBackup>.Instance);

    /// <summary>One import of <see cref="BatchRows"/> transactions spread over every customer: one write transaction.</summary>
    private Task<CrmGrpc.Data.Import.RowResult[]> ImportBatchAsync(int batch, CancellationToken cancellationToken = default) =>
        _store.Transactions.ImportAsync(
            [.. Enumerable.Range(0, BatchRows).Select(i => Samples.Transaction($"b{batch}-t{i}", $"c-{i % Customers}", Samples.T0.AddDays(1 + batch % 300), 100 + i))],
            [], cancellationToken);

    private IEnumerable<string> TempCopies() =>
        Directory.EnumerateFiles(_store.Directory).Where(f => Path.GetFileName(f).Contains(".backup-", StringComparison.Ordinal));

    private static SqliteConnection OpenCopy(string path) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());

    [Fact]
    public async Task A_copy_taken_while_batches_are_imported_holds_whole_batches_and_totals_that_match_its_transactions()
    {
        var backup = NewBackup();
        using var stop = new CancellationTokenSource();
        var imported = 0;
        var importing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await ImportBatchAsync(imported);
                imported++;
            }
        });

        // Several copies, each while the importer runs: the first once some batches are in.
        while (Volatile.Read(ref imported) < 5)
        {
            await Task.Delay(10);
        }

        var copies = new List<(BackupManifest Manifest, long Transactions, long Batches, long TotalsMismatches, long TotalsRows)>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var copy = await backup.TryCreateAsync(None);
            Assert.NotNull(copy);
            await using var connection = OpenCopy(copy.Path);
            await connection.OpenAsync();
            var transactions = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM transactions");
            var batches = await connection.ExecuteScalarAsync<long>("SELECT count(DISTINCT substr(id, 1, instr(id, '-') - 1)) FROM transactions");
            var mismatches = await connection.ExecuteScalarAsync<long>(
                """
                SELECT count(*) FROM customer_totals ct
                JOIN (SELECT customer_key, count(*) AS n, sum(amount_minor) AS minor FROM transactions WHERE kind = 1 GROUP BY customer_key) t
                  ON t.customer_key = ct.customer_key
                WHERE ct.purchases <> t.n OR ct.purchase_minor <> t.minor
                """);
            var totalsRows = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM customer_totals");
            copies.Add((copy.Manifest, transactions, batches, mismatches, totalsRows));
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await importing;

        foreach (var (manifest, transactions, batches, mismatches, totalsRows) in copies)
        {
            Assert.Equal(Customers, manifest.Customers);
            Assert.Equal(transactions, manifest.Transactions);
            Assert.Equal(batches * BatchRows, transactions); // whole batches only
            Assert.Equal(0, mismatches);
            Assert.Equal(Customers, totalsRows);
            Assert.Equal(Migrator.LatestVersion, manifest.SchemaVersion);
            Assert.Equal(_store.Time.GetUtcNow(), manifest.SnapshotTime);
        }

        // The importer kept going during the copies: they are snapshots of a store that moved on.
        Assert.True(copies[^1].Transactions < (long)imported * BatchRows, $"the last copy has {copies[^1].Transactions} transactions of {imported * BatchRows}");
        Assert.True(copies[0].Transactions >= 5 * BatchRows);
        Assert.Empty(TempCopies());
    }

    [Fact]
    public async Task The_copy_is_compacted_and_opens_as_a_store_with_the_same_rows()
    {
        for (var batch = 0; batch < 10; batch++)
        {
            await ImportBatchAsync(batch);
        }

        var backup = NewBackup();
        await using var copy = await backup.TryCreateAsync(None);
        Assert.NotNull(copy);

        Assert.Equal(new FileInfo(copy.Path).Length, copy.Manifest.SizeBytes);
        Assert.Equal(10 * BatchRows, copy.Manifest.Transactions);
        await using var connection = OpenCopy(copy.Path);
        await connection.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("PRAGMA freelist_count"));
        var original = await _store.QueryAsync<string>("SELECT id || ':' || customer_key || ':' || amount_minor FROM transactions ORDER BY id");
        var copied = (await connection.QueryAsync<string>("SELECT id || ':' || customer_key || ':' || amount_minor FROM transactions ORDER BY id")).ToList();
        Assert.Equal(original, copied);
    }

    [Fact]
    public async Task A_second_backup_while_one_is_held_is_refused_and_runs_once_the_first_is_disposed()
    {
        var backup = NewBackup();
        var first = await backup.TryCreateAsync(None);
        Assert.NotNull(first);

        Assert.Null(await backup.TryCreateAsync(None));
        Assert.True(File.Exists(first.Path));

        await first.DisposeAsync();
        Assert.False(File.Exists(first.Path));
        await using var second = await backup.TryCreateAsync(None);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task The_chunks_are_the_file_in_order()
    {
        await ImportBatchAsync(0);
        var backup = NewBackup();
        await using var copy = await backup.TryCreateAsync(None);
        Assert.NotNull(copy);

        var received = new MemoryStream();
        var sizes = new List<int>();
        await foreach (var chunk in copy.ReadChunksAsync(4096, None))
        {
            sizes.Add(chunk.Length);
            received.Write(chunk.Span);
        }

        Assert.Equal(await File.ReadAllBytesAsync(copy.Path), received.ToArray());
        Assert.All(sizes.SkipLast(1), size => Assert.Equal(4096, size));
        Assert.InRange(sizes[^1], 1, 4096);
    }

    [Fact]
    public async Task A_copy_cancelled_while_SQLite_writes_it_is_interrupted_and_leaves_nothing()
    {
        // Enough rows that SQLite writes the copy for a while; a thread of its own (not a timer, which a busy machine's
        // thread pool may run too late) cancels as soon as the copy has its first bytes.
        for (var batch = 0; batch < 40; batch++)
        {
            await _store.Transactions.ImportAsync(
                [.. Enumerable.Range(0, 5000).Select(i => Samples.Transaction($"big{batch}-{i}", $"c-{i % Customers}", Samples.T0.AddDays(1 + i % 400), 100 + i))], [], None);
        }

        using var cancellation = new CancellationTokenSource();
        var backup = NewBackup(new CancellingClock(_store.Time.GetUtcNow(), () => new Thread(() =>
        {
            var waiting = System.Diagnostics.Stopwatch.StartNew();
            while (!TempCopies().Any(f => new FileInfo(f).Length > 0) && waiting.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(1);
            }

            cancellation.Cancel();
        }) { IsBackground = true }.Start()));
        var started = DateTime.UtcNow;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => backup.TryCreateAsync(cancellation.Token));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        Assert.Empty(TempCopies());
        await using var next = await backup.TryCreateAsync(None); // the slot was released
        Assert.NotNull(next);
        Assert.Equal(200_000, next.Manifest.Transactions);
    }

    [Fact]
    public async Task A_copy_left_by_a_killed_server_is_removed_by_the_next_backup()
    {
        var leftover = _store.Path + ".backup-0123456789abcdef.tmp";
        await File.WriteAllTextAsync(leftover, "torn copy");
        var backup = NewBackup();

        await (await backup.TryCreateAsync(None))!.DisposeAsync();

        Assert.Empty(TempCopies());
    }

    /// <summary>A fixed clock that runs an action when read: the backup reads it just before the copy starts.</summary>
    private sealed class CancellingClock(DateTimeOffset now, Action onRead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow()
        {
            onRead();
            return now;
        }
    }
}
