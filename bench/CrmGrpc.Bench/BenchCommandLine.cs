using System.CommandLine;
using System.CommandLine.Invocation;
using CrmGrpc.Bench.Book;
using CrmGrpc.Bench.Hosting;

namespace CrmGrpc.Bench;

/// <summary>The command line: <c>--customers N --transactions M --json FILE</c> and the rest.</summary>
internal static class BenchCommandLine
{
    private static readonly Option<long> Customers = new("--customers")
    {
        Description = $"Customers in the synthetic book (1 to {BenchSettings.MaxCustomers:N0}).",
        HelpName = "N",
        DefaultValueFactory = _ => 100_000,
        Validators = { r => Range(r, 1, BenchSettings.MaxCustomers) },
    };

    private static readonly Option<long> Transactions = new("--transactions")
    {
        Description = $"Transactions in the book, exactly (0 to {BenchSettings.MaxTransactions:N0}).",
        HelpName = "M",
        DefaultValueFactory = _ => 1_000_000,
        Validators = { r => Range(r, 0, BenchSettings.MaxTransactions) },
    };

    private static readonly Option<ulong> Seed = new("--seed")
    {
        Description = "Seed of the book: the same seed, sizes and code give the same rows.",
        DefaultValueFactory = _ => 42UL,
    };

    private static readonly Option<FileInfo?> Json = new("--json")
    {
        Description = "Write the figures to this JSON file.",
        HelpName = "FILE",
    };

    private static readonly Option<FileInfo?> ServerDll = new("--server-dll")
    {
        Description = "The server to measure (CrmGrpc.Server.dll). Default: the Release build beside this one "
            + "(same artifacts root), built first when absent.",
        HelpName = "PATH",
    };

    private static readonly Option<bool> BuildServer = new("--build-server")
    {
        Description = "Build the Release server into this build's artifacts root before measuring, even when one exists.",
    };

    private static readonly Option<DirectoryInfo?> WorkDirectory = new("--work-dir")
    {
        Description = "Where the fresh database and the server log go. Default: a new temporary folder, removed afterwards.",
        HelpName = "DIR",
    };

    private static readonly Option<bool> KeepDatabase = new("--keep-db")
    {
        Description = "Keep the database (and the work folder) after the run.",
    };

    private static readonly Option<int> ImportBatchSize = new("--import-batch")
    {
        Description = "Rows per ImportCustomers / ImportTransactions message.",
        HelpName = "ROWS",
        DefaultValueFactory = _ => 5_000,
        Validators = { r => Range(r, 1, 50_000) },
    };

    private static readonly Option<int> RecalcBatchSize = new("--recalc-batch")
    {
        Description = "Customers per StreamCustomerMetrics batch (the server allows 1 to 5,000).",
        HelpName = "N",
        DefaultValueFactory = _ => 1_000,
        Validators = { r => Range(r, 1, 5_000) },
    };

    private static readonly Option<int> TimeoutMinutes = new("--timeout")
    {
        Description = "Give up (and stop the server) after this many minutes.",
        HelpName = "MINUTES",
        DefaultValueFactory = _ => 60,
        Validators = { r => Range(r, 1, 24 * 60) },
    };

    private static readonly Option<int> LoadSeconds = new("--load-seconds")
    {
        Description = "Length of the load phase: interactive calls (GetCustomer, GetCustomerMetrics) on an idle server, then beside a "
            + "fit and a recalculation running over and over; 0 skips it.",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 30,
        Validators = { r => Range(r, 0, 3_600) },
    };

    private static readonly Option<int> MixedSeconds = new("--mixed-seconds")
    {
        Description = "Length of the mixed load, last, on a restarted server: 32 callers flat out on a mix of point reads, small imports, "
            + "small streams, pages, the portfolio aggregate and a fit; throughput and p50 / p99 per RPC; 0 skips it.",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 30,
        Validators = { r => Range(r, 0, 3_600) },
    };

    private static readonly Option<RowOrder> Order = new("--order")
    {
        Description = "The order transactions are sent in: customer (customer by customer), time (by time, as a CRM's export; the "
            + "default) or random (a seeded shuffle). Every figure is measured on the book imported in this order.",
        HelpName = "customer|time|random",
        DefaultValueFactory = _ => RowOrder.Time,
    };

    private static readonly Option<bool> SkipCliImport = new("--skip-cli-import")
    {
        Description = "Do not time `crm import transactions` of a CSV of the same rows (last, on a fresh server and file).",
    };

    private static readonly Option<bool> SkipModelFits = new("--skip-model-fits")
    {
        Description = "Do not fit every other model (Pareto/NBD, MBG/NBD, BG/CNBD-k, BG/BB) nor recalculate with Pareto/NBD.",
    };

    private static readonly Option<StoreKind> Store = new("--store")
    {
        Description = "The store the server keeps the book in: sqlite (a fresh file in the work folder; the default) or postgres "
            + "(a throwaway PostgreSQL cluster of the bench's own, fsync on, started with scripts/pg-cluster.sh and stopped at the end).",
        HelpName = "sqlite|postgres",
        DefaultValueFactory = _ => StoreKind.Sqlite,
    };

    private static readonly Option<bool> PostgresReplica = new("--pg-replica")
    {
        Description = "With --store postgres: start a streaming replica too and send the server's heavy reads there "
            + "(--Crm:Store:ReplicaConnectionString).",
    };

    private static readonly Option<string[]> ServerArguments = new("--server-arg")
    {
        Description = "Extra argument for the server, repeatable (experiments only, e.g. --server-arg=--Crm:Store:Synchronous=NORMAL); "
            + "published figures use the server's defaults.",
        HelpName = "ARG",
        AllowMultipleArgumentsPerToken = false,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand(
            "CrmGrpc benchmark: streams a seeded synthetic book into the real server (a child process on 127.0.0.1) "
            + "and measures ingest, recalculation against the store's floor, fit, portfolio metrics and the server's memory.")
        {
            Customers, Transactions, Seed, Json, ServerDll, BuildServer, WorkDirectory, KeepDatabase,
            ImportBatchSize, RecalcBatchSize, TimeoutMinutes, ServerArguments, LoadSeconds, MixedSeconds,
            Order, SkipCliImport, SkipModelFits, Store, PostgresReplica,
        };
        root.Validators.Add(result =>
        {
            if (result.GetValue(PostgresReplica) && result.GetValue(Store) != StoreKind.Postgres)
            {
                result.AddError("--pg-replica needs --store postgres");
            }
        });
        root.SetAction((parse, cancellationToken) =>
        {
            var settings = new BenchSettings(
                parse.GetValue(Customers),
                parse.GetValue(Transactions),
                parse.GetValue(Seed),
                parse.GetValue(Json),
                parse.GetValue(ServerDll),
                parse.GetValue(BuildServer),
                parse.GetValue(WorkDirectory),
                parse.GetValue(KeepDatabase),
                parse.GetValue(ImportBatchSize),
                parse.GetValue(RecalcBatchSize),
                TimeSpan.FromMinutes(parse.GetValue(TimeoutMinutes)),
                parse.GetValue(ServerArguments) ?? [],
                parse.GetValue(LoadSeconds),
                parse.GetValue(MixedSeconds),
                parse.GetValue(Order),
                !parse.GetValue(SkipCliImport),
                !parse.GetValue(SkipModelFits),
                parse.GetValue(Store),
                parse.GetValue(PostgresReplica));
            return BenchProgram.RunAsync(settings, cancellationToken);
        });

        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run with --help for usage.");
            return ExitCodes.Usage;
        }

        // Ctrl+C / SIGTERM cancel the token; the run then stops its server before it returns.
        return await parseResult.InvokeAsync(new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        });
    }

    private static void Range<T>(System.CommandLine.Parsing.OptionResult result, T min, T max)
        where T : struct, IComparable<T>
    {
        var value = result.GetValueOrDefault<T>();
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            result.AddError(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{result.Option.Name} must be between {min:N0} and {max:N0}, was {value}"));
        }
    }
}

/// <summary>Exit codes: 0 all measured, 1 the run failed (or a check did not hold), 2 usage, 130 cancelled.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Cancelled = 130;
}
