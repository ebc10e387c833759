using CrmGrpc.Data.Sqlite.Native;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Sqlite.Tests.Native;

public sealed class RowReaderTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Reads_integers_reals_text_and_nulls_by_position_with_named_parameters()
    {
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TEMP TABLE r (n INTEGER, x REAL, s TEXT)");
        var longText = new string('é', 3_000) + "😀";
        await connection.ExecuteAsync("INSERT INTO temp.r VALUES (-7, 2.5, 'Zoë'), (NULL, NULL, NULL), (9007199254740993, -0.125, @longText)", new { longText });

        using var reader = new RowReader(connection, "SELECT n, x, s FROM temp.r WHERE rowid >= @from ORDER BY rowid",
            [new("@from", 1L), new("@unused", "ignored")]);
        var rows = new List<(long? N, double? X, string S)>();
        while (reader.Read())
        {
            rows.Add((reader.IsNull(0) ? null : reader.GetInt64(0), reader.IsNull(1) ? null : reader.GetDouble(1), reader.GetString(2)));
        }

        Assert.Equal([(-7L, 2.5, "Zoë"), (null, null, ""), (9007199254740993L, -0.125, longText)], rows);
        Assert.False(reader.Read()); // past the end it stays there, rather than running the query again
    }

    [Fact]
    public async Task Sees_the_open_transactions_own_writes()
    {
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);
        await using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync("CREATE TEMP TABLE w (n INTEGER)", transaction: transaction);
        await connection.ExecuteAsync("INSERT INTO temp.w VALUES (1), (2), (3)", transaction: transaction);

        using var reader = new RowReader(connection, "SELECT sum(n), count(*) FROM temp.w", []);
        Assert.True(reader.Read());
        Assert.Equal(6, reader.GetInt64(0));
        Assert.Equal(3, reader.GetInt32(1));
    }

    [Fact]
    public async Task A_failing_step_throws_sqlites_error()
    {
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);
        using var reader = new RowReader(connection, "SELECT abs(@n)", [new("@n", long.MinValue)]);

        var error = Assert.Throws<SqliteException>(() => reader.Read());
        Assert.Contains("integer overflow", error.Message, StringComparison.Ordinal);
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task Bad_sql_throws_when_prepared()
    {
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);

        Assert.Throws<SqliteException>(() => new RowReader(connection, "SELECT nope FROM nowhere", []));
        Assert.Throws<ArgumentException>(() => new RowReader(connection, "  ", []));
    }
}
