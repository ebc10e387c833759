using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CrmGrpc.Data.Sqlite;

public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite store behind the store seam: options from <c>Crm:Store</c>, the connection factory, the
    /// repositories, and the hosted service that migrates the schema at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddSqliteStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>()
            .BindConfiguration(StoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<BulkLoadOptions>()
            .BindConfiguration(BulkLoadOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SqliteDatabase>();
        builder.Services.AddSingleton<IBookVersion>(provider => provider.GetRequiredService<SqliteDatabase>());
        builder.Services.AddSingleton<StoreReadiness>();
        builder.Services.AddSingleton<IStoreStatus, SqliteStoreStatus>();
        builder.Services.AddSingleton<IStoreFaults, SqliteStoreFaults>();
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddSingleton<BatchWriter>();
        builder.Services.AddSingleton<CustomerErasures>();
        builder.Services.AddSingleton<TransactionBulkLoads>();
        builder.Services.AddSingleton<ICustomerRepository, CustomerRepository>();
        builder.Services.AddSingleton<ITransactionRepository, TransactionRepository>();
        builder.Services.AddSingleton<IEngagementRepository, EngagementRepository>();
        builder.Services.AddSingleton<IPortfolioRepository, PortfolioRepository>();
        builder.Services.AddSingleton<ICohortRepository, CohortRepository>();
        builder.Services.AddSingleton<IDataQualityRepository, DataQualityRepository>();
        builder.Services.AddSingleton<ICustomerScanRepository, CustomerScanRepository>();
        builder.Services.AddSingleton<IUpliftRepository, UpliftRepository>();
        builder.Services.AddSingleton<IModelRepository, ModelRepository>();
        builder.Services.AddSingleton<IModelInputRepository, ModelInputRepository>();
        builder.Services.AddSingleton<IDatabaseBackup, DatabaseBackup>();
        builder.Services.AddHostedService<MigrationHostedService>();
        return builder;
    }
}

/// <summary>The SQLite store serves once its schema is migrated: the file is local, so reachable whenever the process runs.</summary>
public sealed class SqliteStoreStatus(StoreReadiness readiness, SqliteDatabase database) : IStoreStatus
{
    public string Location => database.Path;

    public Task<bool> IsServingAsync(CancellationToken cancellationToken) => Task.FromResult(readiness.IsReady);
}

/// <summary>
/// The SQLite file is local: no error of it means "unreachable, retry later". A lock held past the busy timeout stays an
/// INTERNAL error, as before the seam.
/// </summary>
public sealed class SqliteStoreFaults : IStoreFaults
{
    public bool IsUnavailable(Exception exception) => false;

    /// <summary>SQLite keeps any UTF-8 text, NUL included.</summary>
    public bool IsUnstorableText(Exception exception) => false;
}
