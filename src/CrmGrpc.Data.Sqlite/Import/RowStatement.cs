using System.Text;
using CrmGrpc.Data.Sqlite.Native;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CrmGrpc.Data.Sqlite.Import;

/// <summary>
/// A statement prepared once on the connection and run row after row: one of <see cref="RowMapping{TEntity, TRow}"/>'s
/// writes, or a look-up by key. Values are bound by position ($p0, $p1 …) with typed setters, straight into SQLite: no boxing, no
/// parameter objects. A <see cref="SqliteCommand"/> looked every parameter up by name and opened a data reader on
/// each execution (measured at ingest: 16 % of the CPU against SQLite's insert's 8 %). Dispose it before the connection.
/// </summary>
public sealed class RowStatement : IDisposable
{
    private readonly NativeStatement _statement;
    private readonly int[] _indexes;
    private byte[] _utf8 = new byte[256];

    public RowStatement(SqliteConnection connection, string sql, int parameterCount)
    {
        _statement = new NativeStatement(connection, sql);
        _indexes = new int[parameterCount];
        for (var i = 0; i < parameterCount; i++)
        {
            _indexes[i] = _statement.ParameterIndex("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    // A position the SQL does not use (index 0) is skipped, as an unused parameter would be.
    public void Set(int position, long value)
    {
        if (_indexes[position] is var index and > 0)
        {
            _statement.Check(SqliteNative.BindInt64(_statement.Pointer, index, value));
        }
    }

    public void Set(int position, long? value)
    {
        if (value is { } number)
        {
            Set(position, number);
        }
        else
        {
            SetNull(position);
        }
    }

    public void Set(int position, double value)
    {
        if (_indexes[position] is var index and > 0)
        {
            _statement.Check(SqliteNative.BindDouble(_statement.Pointer, index, value));
        }
    }

    /// <summary>Binds text as UTF-8 (SQLite copies it); null binds NULL.</summary>
    public unsafe void Set(int position, string? value)
    {
        if (value is null)
        {
            SetNull(position);
            return;
        }

        if (_indexes[position] is not (var index and > 0))
        {
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(value, _utf8);
        fixed (byte* utf8 = _utf8)
        {
            _statement.Check(SqliteNative.BindText(_statement.Pointer, index, utf8, written, SqliteNative.Transient));
        }
    }

    /// <summary>Binds text already in UTF-8 (SQLite copies it).</summary>
    public unsafe void Set(int position, ReadOnlySpan<byte> utf8)
    {
        if (_indexes[position] is not (var index and > 0))
        {
            return;
        }

        fixed (byte* text = utf8)
        {
            // An empty span may have no address; SQLite takes a null pointer with length 0 as NULL, so point it somewhere.
            byte empty = 0;
            _statement.Check(SqliteNative.BindText(_statement.Pointer, index, text == null ? &empty : text, utf8.Length, SqliteNative.Transient));
        }
    }

    public void SetNull(int position)
    {
        if (_indexes[position] is var index and > 0)
        {
            _statement.Check(SqliteNative.BindNull(_statement.Pointer, index));
        }
    }

    /// <summary>Runs the statement with the values set since the last run; the rows it changed.</summary>
    /// <exception cref="SqliteException">SQLite refused the statement (a constraint, a full disk …).</exception>
    public int Execute()
    {
        try
        {
            _statement.Check(SqliteNative.Step(_statement.Pointer));
            return SqliteNative.Changes(_statement.DatabasePointer);
        }
        finally
        {
            // Reset repeats a failed step's error code, which Check has already thrown.
            _ = SqliteNative.Reset(_statement.Pointer);
        }
    }

    /// <summary>Runs a query with the values set since the last run; its first row's first column, or null without rows.</summary>
    public long? QueryInt64()
    {
        try
        {
            var result = SqliteNative.Step(_statement.Pointer);
            _statement.Check(result);
            return result == raw.SQLITE_ROW ? SqliteNative.ColumnInt64(_statement.Pointer, 0) : null;
        }
        finally
        {
            _ = SqliteNative.Reset(_statement.Pointer);
        }
    }

    public void Dispose() => _statement.Dispose();
}
