using System.Reflection;
using System.Runtime.Loader;

namespace CrmGrpc.Data.Sqlite.Tests.TestSupport;

/// <summary>
/// Fresh copies of the SQLite store, the store seam and Dapper, with their own static state, as in a process that never called
/// AddSqliteStore (a tool or benchmark using the repositories directly). Everything else is shared with the tests.
/// </summary>
internal sealed class IsolatedDataLayer() : AssemblyLoadContext("isolated-data-layer")
{
    private static readonly string[] Isolated = ["Dapper", "CrmGrpc.Data", "CrmGrpc.Data.Sqlite"];

    public Assembly Seam => LoadFromAssemblyName(new AssemblyName("CrmGrpc.Data"));

    public Assembly Sqlite => LoadFromAssemblyName(new AssemblyName("CrmGrpc.Data.Sqlite"));

    /// <summary>A type of the isolated SQLite store, or of the seam when its name is the seam's.</summary>
    public Type DataType(string fullName) =>
        Sqlite.GetType(fullName, throwOnError: false) ?? Seam.GetType(fullName, throwOnError: true)!;

    protected override Assembly? Load(AssemblyName assemblyName) =>
        Isolated.Contains(assemblyName.Name)
            ? LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, assemblyName.Name + ".dll"))
            : null;
}
