using System.Globalization;
using CrmGrpc.Bench.Hosting;
using CrmGrpc.Bench.Measurement;
using CrmGrpc.Bench.Output;
using Grpc.Core;
using Spectre.Console;

namespace CrmGrpc.Bench;

/// <summary>
/// Prepares a run (the server to measure, a fresh book in a work folder — a SQLite file or a PostgreSQL cluster of its
/// own —, enough disk), runs it under the progress display and the time limit, prints the tables, writes the JSON and
/// cleans up. Whatever happens — failure, Ctrl+C, the time limit — the server and the cluster it started are stopped
/// before this returns.
/// </summary>
internal static class BenchProgram
{
    /// <summary>Width of tables when stdout is not a terminal (Spectre would otherwise assume 80).</summary>
    private const int RedirectedWidth = 200;

    /// <summary>Rough database bytes per row (both transaction indexes included), for the disk check; measured about 190.</summary>
    private const long BytesPerTransaction = 260;

    private const long BytesPerCustomer = 300;

    /// <summary>PostgreSQL's rows are wider (tuple headers, the text id's unique index) and its WAL (up to max_wal_size, 4 GB) comes on top.</summary>
    private const long PostgresSpaceFactor = 2;

    private const long PostgresWalBytes = 4L << 30;

    public static async Task<int> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var interactive = !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.Timeout);
        var token = limit.Token;

        var ownsDirectory = settings.WorkDirectory is null;
        var directory = settings.WorkDirectory?.FullName
            ?? Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"crmgrpc-bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}"));
        var logPath = Path.Combine(directory, "server.log");
        BenchRun? run = null;
        BookStore? store = null;
        var succeeded = false;
        try
        {
            var server = await ServerLocator.LocateAsync(settings, line => console.MarkupLine($"[grey]{Markup.Escape(line)}[/]"), token);
            if (server.Warning is { } warning)
            {
                console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            }

            Directory.CreateDirectory(directory);
            CheckDisk(directory, settings);
            if (settings.Store == StoreKind.Postgres)
            {
                console.MarkupLine($"[grey]starting a PostgreSQL cluster in {Markup.Escape(Path.Combine(directory, "pg"))}{(settings.PostgresReplica ? " with a replica" : "")}[/]");
            }

            store = await BookStore.CreateAsync(settings, directory, token);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"book: {settings.Customers:N0} customers, {settings.Transactions:N0} transactions, seed {settings.Seed}; server {server.Dll.FullName}; store {store.Name}: {store.Location}"));

            run = new BenchRun(settings, server.Dll, store, logPath);
            var result = await BenchDisplays.RunAsync(console, interactive, display => run.RunAsync(display, token));

            ResultTables.Write(console, result, run);
            if (settings.Json is { } json)
            {
                json.Directory?.Create();
                await File.WriteAllTextAsync(json.FullName, result.ToJson() + Environment.NewLine, CancellationToken.None);
                console.WriteLine($"wrote {json.FullName}");
            }

            succeeded = true;
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (IsCancellation(ex) && cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"cancelled; the server{(settings.Store == StoreKind.Postgres ? " and the PostgreSQL cluster were" : " was")} stopped");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (IsCancellation(ex) && limit.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"error: the run took longer than --timeout ({settings.Timeout.TotalMinutes:N0} min); the server{(settings.Store == StoreKind.Postgres ? " and the PostgreSQL cluster were" : " was")} stopped");
            return ExitCodes.Failed;
        }
        catch (Exception ex) when (ex is BenchException or RpcException or IOException or Npgsql.NpgsqlException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            if (run?.ServerLastLines is { Length: > 0 } lines)
            {
                await Console.Error.WriteLineAsync($"last lines of the server log ({logPath}):{Environment.NewLine}{lines}");
            }

            return ExitCodes.Failed;
        }
        finally
        {
            await CloseStoreAsync(store, settings, console);
            CleanUp(settings, ownsDirectory, directory, logPath, succeeded, console);
        }
    }

    private static bool IsCancellation(Exception ex) =>
        ex is OperationCanceledException || (ex is RpcException rpc && rpc.StatusCode is StatusCode.Cancelled or StatusCode.DeadlineExceeded);

    /// <summary>Refuses to start a book the disk cannot hold (a rough upper estimate, with half again to spare).</summary>
    private static void CheckDisk(string directory, BenchSettings settings)
    {
        var needed = ((settings.Transactions * BytesPerTransaction) + (settings.Customers * BytesPerCustomer)) * 3 / 2;
        if (settings.Store == StoreKind.Postgres)
        {
            needed = (needed * PostgresSpaceFactor * (settings.PostgresReplica ? 2 : 1)) + PostgresWalBytes;
        }

        var available = new DriveInfo(Path.GetPathRoot(Path.GetFullPath(directory))!).AvailableFreeSpace;
        if (available < needed)
        {
            throw new BenchException(string.Create(CultureInfo.InvariantCulture,
                $"{directory} has {available / 1048576.0:N0} MB free; this book needs about {needed / 1048576.0:N0} MB (pass --work-dir elsewhere)"));
        }
    }

    /// <summary>
    /// Stops the PostgreSQL cluster (on every way out) and removes the book unless --keep-db: the SQLite file, or the
    /// cluster's folder.
    /// </summary>
    private static async Task CloseStoreAsync(BookStore? store, BenchSettings settings, IAnsiConsole console)
    {
        if (store is null)
        {
            return;
        }

        try
        {
            await store.DisposeAsync();
            if (settings.KeepDatabase)
            {
                console.WriteLine($"kept the book: {store.Location}{(store is PostgresBookStore ? " (stopped; start it again with pg_ctl -D <that folder>/primary start, as its owner)" : "")}");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BenchException)
        {
            Console.Error.WriteLine($"warning: could not close the {store.DisplayName} book ({store.Location}): {ex.Message}");
        }
    }

    /// <summary>
    /// Removes the whole temporary folder after a success, unless --keep-db (after a failure its server.log stays for
    /// reading). The book itself is the store's to remove (<see cref="CloseStoreAsync"/>).
    /// </summary>
    private static void CleanUp(BenchSettings settings, bool ownsDirectory, string directory, string logPath, bool succeeded, IAnsiConsole console)
    {
        try
        {
            if (settings.KeepDatabase)
            {
                if (Directory.Exists(directory))
                {
                    console.WriteLine($"kept {logPath}");
                }

                return;
            }

            if (!Directory.Exists(directory))
            {
                return;
            }

            if (ownsDirectory && succeeded)
            {
                Directory.Delete(directory, recursive: true);
            }
            else if (File.Exists(logPath))
            {
                console.WriteLine($"server log: {logPath}");
            }
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"warning: could not clean up {directory}: {ex.Message}");
        }
    }
}
