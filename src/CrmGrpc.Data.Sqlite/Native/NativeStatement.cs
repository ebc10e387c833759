using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CrmGrpc.Data.Sqlite.Native;

/// <summary>
/// A statement prepared on an open connection, with its raw pointer for <see cref="SqliteNative"/>'s calls. The
/// handle stays referenced until disposal, so the pointer cannot outlive it. It runs inside whatever transaction
/// the connection has open. Dispose it before the connection.
/// </summary>
internal sealed class NativeStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _handle;
    private readonly bool _referenced;

    public NativeStatement(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_database, sql, out _handle));
        if (_handle.IsInvalid)
        {
            throw new ArgumentException("The SQL holds no statement.", nameof(sql));
        }

        _handle.DangerousAddRef(ref _referenced);
        Pointer = _handle.DangerousGetHandle();
        DatabasePointer = _database.DangerousGetHandle();
    }

    public IntPtr Pointer { get; }

    /// <summary>The connection's pointer; the open connection keeps it alive.</summary>
    public IntPtr DatabasePointer { get; }

    /// <summary>The 1-based index of a named parameter; 0 when the SQL does not use it.</summary>
    public int ParameterIndex(string name) => raw.sqlite3_bind_parameter_index(_handle, name);

    /// <summary>Binds a value that is not on a hot path (a query's parameters): a long, a string or null.</summary>
    public void Bind(int index, object? value) => Check(value switch
    {
        null or DBNull => raw.sqlite3_bind_null(_handle, index),
        long number => raw.sqlite3_bind_int64(_handle, index, number),
        int number => raw.sqlite3_bind_int64(_handle, index, number),
        double number => raw.sqlite3_bind_double(_handle, index, number),
        string text => raw.sqlite3_bind_text(_handle, index, text),
        _ => throw new NotSupportedException($"A {value.GetType().Name} cannot be bound to a statement."),
    });

    /// <summary>Throws SQLite's error for a result code other than OK, ROW or DONE.</summary>
    public void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(result, _database);
        }
    }

    public void Dispose()
    {
        if (_referenced)
        {
            _handle.DangerousRelease();
        }

        _handle.Dispose();
    }
}
