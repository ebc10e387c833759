using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Sqlite.Tests.Import;

public sealed class RowStatementTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Binds_text_numbers_and_nulls_by_position_whatever_order_the_sql_names_them()
    {
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TEMP TABLE t (a TEXT UNIQUE, b INTEGER, c REAL, d INTEGER)");
        var longText = new string('é', 5_000) + "😀";
        using (var statement = new RowStatement(connection, "INSERT INTO temp.t (d, c, b, a) VALUES ($p3, $p2, $p1, $p0) ON CONFLICT (a) DO NOTHING", 4))
        {
            statement.Set(0, "Zoë");
            statement.Set(1, 42L);
            statement.Set(2, 2.5);
            statement.Set(3, (long?)null);
            Assert.Equal(1, statement.Execute());
            statement.Set(0, longText);
            statement.Set(1, 7);
            statement.Set(2, -0.25);
            statement.Set(3, (long?)9);
            Assert.Equal(1, statement.Execute());
            statement.Set(0, "Zoë");
            Assert.Equal(0, statement.Execute()); // the conflict clause: nothing written
        }

        var rows = (await connection.QueryAsync<(string A, long B, double C, long? D)>("SELECT a, b, c, d FROM temp.t ORDER BY rowid")).ToList();
        Assert.Equal([("Zoë", 42L, 2.5, null), (longText, 7L, -0.25, 9L)], rows);
    }

    [Fact]
    public async Task A_refused_row_throws_and_the_statement_runs_again()
    {
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TEMP TABLE u (a TEXT NOT NULL)");
        using var statement = new RowStatement(connection, "INSERT INTO temp.u (a) VALUES ($p0)", 1);

        statement.SetNull(0);
        var error = Assert.Throws<SqliteException>(() => statement.Execute());
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        statement.Set(0, "fine");
        Assert.Equal(1, statement.Execute());
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM temp.u"));
    }

    [Fact]
    public async Task A_look_up_returns_the_first_column_or_null_and_runs_again()
    {
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TEMP TABLE k (id TEXT PRIMARY KEY, key INTEGER)");
        await connection.ExecuteAsync("INSERT INTO temp.k VALUES ('a', 11), ('b', 22)");
        using var lookup = new RowStatement(connection, "SELECT key FROM temp.k WHERE id = $p0", 1);

        lookup.Set(0, "b");
        Assert.Equal(22, lookup.QueryInt64());
        lookup.Set(0, "zz");
        Assert.Null(lookup.QueryInt64());
        lookup.Set(0, "a");
        Assert.Equal(11, lookup.QueryInt64());
    }

    [Fact]
    public async Task A_position_the_sql_does_not_name_is_ignored()
    {
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TEMP TABLE v (a TEXT)");
        using var statement = new RowStatement(connection, "INSERT INTO temp.v (a) VALUES ($p1)", 2);

        statement.Set(0, "unused");
        statement.Set(1, "used");
        Assert.Equal(1, statement.Execute());
        Assert.Equal("used", await connection.ExecuteScalarAsync<string>("SELECT a FROM temp.v"));
    }
}
