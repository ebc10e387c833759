using CrmGrpc.Data;
using CrmGrpc.Data.Postgres;
using CrmGrpc.Data.Sqlite;

namespace CrmGrpc.Server.Hosting;

/// <summary>The one place that knows the stores: everything else talks to the store seam (<c>CrmGrpc.Data</c>).</summary>
public static class StoreRegistration
{
    /// <summary>Registers the store that <c>Crm:Store:Provider</c> (<c>--store</c>) names: SQLite by default.</summary>
    public static IHostApplicationBuilder AddCrmStore(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration[$"{StoreOptions.SectionName}:{nameof(StoreOptions.Provider)}"];
        return string.Equals(provider, StoreOptions.PostgresProvider, StringComparison.Ordinal)
            ? builder.AddPostgresStore()
            : builder.AddSqliteStore();
    }
}
