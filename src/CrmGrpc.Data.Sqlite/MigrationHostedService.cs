using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmGrpc.Data.Sqlite;

/// <summary>Migrates the schema once at start-up, before the server takes requests; a failure stops the host.</summary>
public sealed partial class MigrationHostedService(Migrator migrator, StoreReadiness readiness, SqliteDatabase database, ILogger<MigrationHostedService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var found = await migrator.MigrateAsync(cancellationToken);
            LogReady(logger, database.Path, found, Migrator.LatestVersion);
            readiness.MarkReady();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, database.Path);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {Path} ready (schema {From} -> {To})")]
    private static partial void LogReady(ILogger logger, string path, int from, int to);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Migrating the store {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string path);
}
