using System.Text;
using SQLitePCL;

namespace CrmGrpc.Data.Sqlite.Native;

/// <summary>
/// A forward-only reader over one query, for scans of a million rows where <see cref="Microsoft.Data.Sqlite.SqliteDataReader"/>'s
/// per-call costs were most of the time (see <see cref="SqliteNative"/>). Columns are read by position.
/// Dispose it before the connection.
/// </summary>
public sealed class RowReader : IDisposable
{
    private readonly NativeStatement _statement;
    private bool _done;

    /// <param name="connection">An open connection; the query runs in its current transaction.</param>
    /// <param name="sql">One SELECT.</param>
    /// <param name="parameters">Values by parameter name (with its prefix, e.g. "@asOf"); names the SQL does not use are ignored.</param>
    public RowReader(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        _statement = new NativeStatement(connection, sql);
        try
        {
            foreach (var (name, value) in parameters)
            {
                if (_statement.ParameterIndex(name) is var index and > 0)
                {
                    _statement.Bind(index, value);
                }
            }
        }
        catch
        {
            _statement.Dispose();
            throw;
        }
    }

    /// <summary>Moves to the next row; false at the end (and from then on).</summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">SQLite failed (corruption, I/O, an interrupt …).</exception>
    public bool Read()
    {
        if (_done)
        {
            return false;
        }

        var result = SqliteNative.Step(_statement.Pointer);
        if (result == raw.SQLITE_ROW)
        {
            return true;
        }

        _done = true;
        _statement.Check(result);
        return false;
    }

    public long GetInt64(int column) => SqliteNative.ColumnInt64(_statement.Pointer, column);

    public int GetInt32(int column) => checked((int)GetInt64(column));

    public double GetDouble(int column) => SqliteNative.ColumnDouble(_statement.Pointer, column);

    public bool IsNull(int column) => SqliteNative.ColumnType(_statement.Pointer, column) == raw.SQLITE_NULL;

    /// <summary>The column as text ("" for NULL).</summary>
    public unsafe string GetString(int column)
    {
        var text = (byte*)SqliteNative.ColumnText(_statement.Pointer, column);
        return text is null ? "" : Encoding.UTF8.GetString(text, SqliteNative.ColumnBytes(_statement.Pointer, column));
    }

    /// <summary>The column's text as UTF-8 (empty for NULL), valid until the next <see cref="Read"/>.</summary>
    public unsafe ReadOnlySpan<byte> GetUtf8(int column)
    {
        var text = (byte*)SqliteNative.ColumnText(_statement.Pointer, column);
        return text is null ? [] : new ReadOnlySpan<byte>(text, SqliteNative.ColumnBytes(_statement.Pointer, column));
    }

    public void Dispose() => _statement.Dispose();
}
