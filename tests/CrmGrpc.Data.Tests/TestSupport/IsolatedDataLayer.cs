using System.Reflection;
using System.Runtime.Loader;

namespace CrmGrpc.Data.Tests.TestSupport;

/// <summary>
/// Fresh copies of CrmGrpc.Data and Dapper, with their own static state, as in a process that never called
/// AddCrmStore (a tool or benchmark using the repositories directly). Everything else is shared with the tests.
/// </summary>
internal sealed class IsolatedDataLayer() : AssemblyLoadContext("isolated-data-layer")
{
    private static readonly string[] Isolated = ["Dapper", "CrmGrpc.Data"];

    public Assembly Data => LoadFromAssemblyName(new AssemblyName("CrmGrpc.Data"));

    public Type DataType(string fullName) => Data.GetType(fullName, throwOnError: true)!;

    protected override Assembly? Load(AssemblyName assemblyName) =>
        Isolated.Contains(assemblyName.Name)
            ? LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, assemblyName.Name + ".dll"))
            : null;
}
