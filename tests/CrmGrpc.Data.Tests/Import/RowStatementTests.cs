using CrmGrpc.Data.Import;
using CrmGrpc.Data.Tests.TestSupport;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Tests.Import;

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
            (statement.Parameters[0].Value, statement.Parameters[1].Value, statement.Parameters[2].Value, statement.Parameters[3].Value) = ("Zoë", 42L, 2.5, DBNull.Value);
            Assert.Equal(1, statement.Execute());
            (statement.Parameters[0].Value, statement.Parameters[1].Value, statement.Parameters[2].Value, statement.Parameters[3].Value) = (longText, 7, -0.25, 9L);
            Assert.Equal(1, statement.Execute());
            statement.Parameters[0].Value = "Zoë";
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

        statement.Parameters[0].Value = DBNull.Value;
        var error = Assert.Throws<SqliteException>(() => statement.Execute());
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        statement.Parameters[0].Value = "fine";
        Assert.Equal(1, statement.Execute());
        statement.Parameters[0].Value = new object();
        Assert.Throws<NotSupportedException>(() => statement.Execute());
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM temp.u"));
    }
}
