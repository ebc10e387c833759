using CrmGrpc.Data.Import;
using CrmGrpc.Data.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CrmGrpc.Data;

public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite store: options from <c>Crm:Store</c>, the connection factory, repositories, and
    /// the hosted service that migrates the schema at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddCrmStore(this IHostApplicationBuilder builder)
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
        builder.Services.AddSingleton<StoreReadiness>();
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddSingleton<BatchWriter>();
        builder.Services.AddSingleton<CustomerErasures>();
        builder.Services.AddSingleton<TransactionBulkLoads>();
        builder.Services.AddSingleton<CustomerRepository>();
        builder.Services.AddSingleton<TransactionRepository>();
        builder.Services.AddSingleton<EngagementRepository>();
        builder.Services.AddSingleton<PortfolioRepository>();
        builder.Services.AddSingleton<CohortRepository>();
        builder.Services.AddSingleton<DataQualityRepository>();
        builder.Services.AddSingleton<CustomerScanRepository>();
        builder.Services.AddSingleton<UpliftRepository>();
        builder.Services.AddSingleton<ModelRepository>();
        builder.Services.AddSingleton<ModelInputRepository>();
        builder.Services.AddSingleton<DatabaseBackup>();
        builder.Services.AddHostedService<MigrationHostedService>();
        return builder;
    }
}
