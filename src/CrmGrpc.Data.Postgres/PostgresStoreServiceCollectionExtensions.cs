using CrmGrpc.Data.Postgres.Import;
using CrmGrpc.Data.Postgres.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CrmGrpc.Data.Postgres;

public static class PostgresStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the PostgreSQL store behind the store seam: options from <c>Crm:Store</c> (ConnectionString, optional
    /// ReplicaConnectionString), the data sources, the repositories, and the hosted service that migrates the schema at
    /// start-up under an advisory lock.
    /// </summary>
    public static IHostApplicationBuilder AddPostgresStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>()
            .BindConfiguration(StoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<PostgresBulkLoadOptions>()
            .BindConfiguration(PostgresBulkLoadOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PostgresDatabase>();
        builder.Services.AddSingleton<StoreReadiness>();
        builder.Services.AddSingleton<IStoreStatus, PostgresStoreStatus>();
        builder.Services.AddSingleton<IStoreFaults, PostgresStoreFaults>();
        builder.Services.AddSingleton<IBookVersion, PostgresBookVersion>();
        builder.Services.AddSingleton<Migrator>();
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
        builder.Services.AddSingleton<IDatabaseBackup, PostgresBackup>();
        builder.Services.AddHostedService<MigrationHostedService>();
        return builder;
    }
}

/// <summary>PostgreSQL's connection failures and shutdowns are UNAVAILABLE: the caller retries once the database is back.</summary>
public sealed class PostgresStoreFaults : IStoreFaults
{
    public bool IsUnavailable(Exception exception) => PostgresDatabase.IsUnavailable(exception);

    /// <summary>PostgreSQL's text cannot hold NUL (22021) nor characters outside the database's encoding (22P05).</summary>
    public bool IsUnstorableText(Exception exception) =>
        exception is Npgsql.PostgresException { SqlState: "22021" or "22P05" };
}

/// <summary>
/// The PostgreSQL store has no file for BackupDatabase to stream: PostgreSQL's own tools back it up, consistently and
/// without stopping the servers.
/// </summary>
public sealed class PostgresBackup : IDatabaseBackup
{
    public Task<BackupCopy?> TryCreateAsync(CancellationToken cancellationToken) =>
        throw new BackupNotSupportedException(
            "BackupDatabase copies the SQLite store's file; back up the PostgreSQL store with pg_basebackup or pg_dump");
}
