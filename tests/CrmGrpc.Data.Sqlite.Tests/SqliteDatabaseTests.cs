using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using Dapper;

namespace CrmGrpc.Data.Sqlite.Tests;

public sealed class SqliteDatabaseTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(migrate: false);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public void Path_is_the_full_path_of_the_configured_file()
    {
        Assert.True(System.IO.Path.IsPathFullyQualified(_store.Database.Path));
        Assert.Equal(System.IO.Path.GetFullPath(_store.Options.DatabasePath), _store.Database.Path);
    }

    [Fact]
    public async Task OpenAsync_creates_the_file_and_applies_the_per_connection_settings()
    {
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);

        Assert.True(File.Exists(_store.Path));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // FULL
        Assert.Equal(30_000L, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        Assert.Equal(SqliteDatabase.WalSizeLimitBytes, await connection.ExecuteScalarAsync<long>("PRAGMA journal_size_limit"));
    }

    [Fact]
    public async Task Storing_derived_results_does_not_count_as_a_write_to_the_book()
    {
        var version = _store.Database.Version;

        (await _store.Database.EnterWriteAsync(CancellationToken.None, changesBook: false)).Dispose();
        Assert.Equal(version, _store.Database.Version);

        (await _store.Database.EnterWriteAsync(CancellationToken.None)).Dispose();
        Assert.Equal(version + 1, _store.Database.Version);
    }

    [Fact]
    public async Task Connections_run_in_multi_thread_mode_without_a_mutex_per_call()
    {
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);

        Assert.Equal(IntPtr.Zero, CrmGrpc.Data.Sqlite.Native.SqliteNative.DatabaseMutex(connection.Handle!.DangerousGetHandle()));
    }

    [Fact]
    public async Task OpenAsync_applies_the_configured_synchronous_mode_and_busy_timeout()
    {
        await using var store = await TestStore.CreateAsync(migrate: false, o =>
        {
            o.Synchronous = "NORMAL";
            o.BusyTimeoutMilliseconds = 1_500;
        });
        await using var connection = await store.Database.OpenAsync(CancellationToken.None);

        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // NORMAL
        Assert.Equal(1_500L, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task EnterWriteAsync_admits_one_writer_at_a_time()
    {
        var first = await _store.Database.EnterWriteAsync(CancellationToken.None);
        var second = _store.Database.EnterWriteAsync(CancellationToken.None);

        Assert.False(second.IsCompleted);

        first.Dispose();
        using var admitted = await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task HoldWritesAsync_keeps_writers_out_and_does_not_count_as_a_write()
    {
        var version = _store.Database.Version;
        var held = await _store.Database.HoldWritesAsync(CancellationToken.None);
        var writer = _store.Database.EnterWriteAsync(CancellationToken.None);

        Assert.False(writer.IsCompleted);

        held.Dispose();
        held.Dispose();
        Assert.Equal(version, _store.Database.Version);
        (await writer.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        Assert.Equal(version + 1, _store.Database.Version);
    }

    [Fact]
    public async Task EnterWriteAsync_slot_released_twice_frees_only_one_place()
    {
        var first = await _store.Database.EnterWriteAsync(CancellationToken.None);
        var second = _store.Database.EnterWriteAsync(CancellationToken.None);
        first.Dispose();
        first.Dispose();
        var secondSlot = await second.WaitAsync(TimeSpan.FromSeconds(10));

        var third = _store.Database.EnterWriteAsync(CancellationToken.None);

        Assert.False(third.IsCompleted);
        secondSlot.Dispose();
        using var thirdSlot = await third.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task EnterWriteAsync_waiting_writer_can_be_cancelled()
    {
        using var held = await _store.Database.EnterWriteAsync(CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var waiting = _store.Database.EnterWriteAsync(cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
