using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmGrpc.Data.Postgres;

/// <summary>
/// Migrates the schema once at start-up, before the server takes requests. A database that cannot be reached or
/// migrated stops the host with a <see cref="StoreStartException"/>: one line saying what and where, no stack trace.
/// </summary>
public sealed partial class MigrationHostedService(Migrator migrator, StoreReadiness readiness, PostgresDatabase database, ILogger<MigrationHostedService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var found = await migrator.MigrateAsync(cancellationToken);
            LogReady(logger, database.Location, found, Migrator.LatestVersion, database.ReplicaLocation ?? "none");
            readiness.MarkReady();
        }
        catch (StoreStartException)
        {
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new StoreStartException($"cannot open the PostgreSQL store {database.Location}: {OneLine(exception)}", exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string OneLine(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null && innermost is not Npgsql.PostgresException)
        {
            innermost = innermost.InnerException;
        }

        var message = innermost == exception ? exception.Message : $"{exception.Message} ({innermost.Message})";
        return message.ReplaceLineEndings(" ");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {Location} ready (schema {From} -> {To}); heavy reads on replica: {Replica}")]
    private static partial void LogReady(ILogger logger, string location, int from, int to, string replica);
}
