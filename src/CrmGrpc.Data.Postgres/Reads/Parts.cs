using Npgsql;

namespace CrmGrpc.Data.Postgres.Reads;

/// <summary>Runs the parts of a read at once, each on its own connection of one shared snapshot.</summary>
internal static class Parts
{
    /// <summary>
    /// Runs <paramref name="readPart"/> for every part of <paramref name="snapshot"/> on the caller's scheduler (the
    /// server's heavy threads, as on SQLite), with the key range of each part. The first part to fail cancels the others.
    /// </summary>
    public static async Task RunAsync(
        ReadSnapshot.SharedSnapshot snapshot, KeyRange keys,
        Func<int, NpgsqlConnection, NpgsqlTransaction, KeyRange, CancellationToken, Task> readPart, CancellationToken cancellationToken)
    {
        var parts = snapshot.Connections.Count;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAll(Enumerable.Range(0, parts).Select(part => Task.Factory.StartNew(async () =>
        {
            try
            {
                await readPart(part, snapshot.Connections[part], snapshot.Transactions[part], keys.Part(part, parts), stop.Token);
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Current).Unwrap()));
    }
}
