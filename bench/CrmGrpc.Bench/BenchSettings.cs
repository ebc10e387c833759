using CrmGrpc.Bench.Book;
using CrmGrpc.Bench.Hosting;

namespace CrmGrpc.Bench;

/// <summary>What one benchmark run does, as parsed and checked from the command line.</summary>
internal sealed record BenchSettings(
    long Customers,
    long Transactions,
    ulong Seed,
    FileInfo? Json,
    FileInfo? ServerDll,
    bool BuildServer,
    DirectoryInfo? WorkDirectory,
    bool KeepDatabase,
    int ImportBatchSize,
    int RecalcBatchSize,
    TimeSpan Timeout,
    IReadOnlyList<string> ServerArguments,
    int LoadSeconds,
    int MixedSeconds,
    RowOrder Order,
    bool CliImport,
    bool ModelFits = true,
    StoreKind Store = StoreKind.Sqlite,
    bool PostgresReplica = false)
{
    /// <summary>Upper bounds of a run, so that a typo cannot fill the disk or run for hours.</summary>
    public const long MaxCustomers = 10_000_000;

    public const long MaxTransactions = 100_000_000;
}
