using System.Runtime.InteropServices;

namespace CrmGrpc.Data.Sqlite.Native;

/// <summary>
/// The few SQLite calls of the hot loops (import binding, million-row scans), on the raw statement pointer of the
/// library Microsoft.Data.Sqlite already loaded (<c>e_sqlite3</c>). Through SQLitePCL every call went through an
/// interface and reference-counted the statement's SafeHandle twice; measured on a 1M-row read of four integers a
/// row, 0.77–0.86 s through SqliteDataReader, 0.39–0.47 s through SQLitePCL.raw, 0.24–0.34 s here. Callers keep the
/// statement's SafeHandle referenced while they use its pointer.
/// </summary>
internal static partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_TRANSIENT: SQLite copies bound text before the call returns.</summary>
    public static readonly IntPtr Transient = new(-1);

    // Stepping may read pages from disk or wait for a lock, so it keeps the GC transition.
    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    public static partial int Reset(IntPtr statement);

    // The calls below only copy a value in or out of memory SQLite already holds: no I/O, no waiting.
    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64"), SuppressGCTransition]
    public static partial long ColumnInt64(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_double"), SuppressGCTransition]
    public static partial double ColumnDouble(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_type"), SuppressGCTransition]
    public static partial int ColumnType(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_text"), SuppressGCTransition]
    public static partial IntPtr ColumnText(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes"), SuppressGCTransition]
    public static partial int ColumnBytes(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64"), SuppressGCTransition]
    public static partial int BindInt64(IntPtr statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_double"), SuppressGCTransition]
    public static partial int BindDouble(IntPtr statement, int index, double value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null"), SuppressGCTransition]
    public static partial int BindNull(IntPtr statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text"), SuppressGCTransition]
    public static unsafe partial int BindText(IntPtr statement, int index, byte* utf8, int length, IntPtr destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_changes"), SuppressGCTransition]
    public static partial int Changes(IntPtr database);

    /// <summary>The connection's mutex: null in multi-thread mode, where SQLite locks nothing per connection.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_db_mutex"), SuppressGCTransition]
    public static partial IntPtr DatabaseMutex(IntPtr database);

    /// <summary>sqlite3_create_function_v2 for a scalar function whose callback is a native-callable static method.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_create_function_v2")]
    public static unsafe partial int CreateScalarFunction(
        IntPtr database, byte* name, int argumentCount, int textEncoding, IntPtr userData,
        delegate* unmanaged<IntPtr, int, IntPtr*, void> function, IntPtr step, IntPtr final, IntPtr destroy);

    // A scalar function's arguments and result: values SQLite already holds, no I/O.
    [LibraryImport(Library, EntryPoint = "sqlite3_value_blob"), SuppressGCTransition]
    public static partial IntPtr ValueBlob(IntPtr value);

    [LibraryImport(Library, EntryPoint = "sqlite3_value_bytes"), SuppressGCTransition]
    public static partial int ValueBytes(IntPtr value);

    [LibraryImport(Library, EntryPoint = "sqlite3_result_text"), SuppressGCTransition]
    public static unsafe partial void ResultText(IntPtr context, byte* utf8, int length, IntPtr destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_result_int64"), SuppressGCTransition]
    public static partial void ResultInt64(IntPtr context, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_result_error"), SuppressGCTransition]
    public static unsafe partial void ResultError(IntPtr context, byte* utf8, int length);

    /// <summary>The bytes of a function argument as SQLite holds them (text as UTF-8; empty for NULL), valid during the call.</summary>
    public static unsafe ReadOnlySpan<byte> Bytes(IntPtr value)
    {
        var pointer = ValueBlob(value);
        return pointer == IntPtr.Zero ? default : new ReadOnlySpan<byte>((void*)pointer, ValueBytes(value));
    }

    /// <summary>Makes the function's result an error with this message: the statement fails with it.</summary>
    public static unsafe void ResultError(IntPtr context, string message)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(message);
        fixed (byte* pointer = utf8)
        {
            ResultError(context, pointer, utf8.Length);
        }
    }
}
