using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmGrpc.Bench.Measurement;

/// <summary>
/// The figures of one run, written as JSON with exactly these keys (issue 7; <c>store</c>, <c>postgresFloorSeconds</c>,
/// <c>recalcOverFloor</c> and <c>postgresReplica</c> issue 15). What only SQLite has is null on PostgreSQL
/// (<c>sqliteFloorSeconds</c>, <c>walPeakBytes</c>, <c>versions.sqlite</c>) and the reverse.
/// </summary>
internal sealed record BenchResult(
    string Store,
    bool? PostgresReplica,
    double IngestRowsPerSecond,
    double RecalcSeconds,
    double? SqliteFloorSeconds,
    double? PostgresFloorSeconds,
    double RecalcOverFloor,
    double FitSeconds,
    double FitOptimiserSeconds,
    double PortfolioSeconds,
    double PortfolioInactivitySeconds,
    long ServerPeakWorkingSetBytes,
    double? InteractiveIdleP99Ms,
    double? InteractiveBusyP50Ms,
    double? InteractiveBusyP99Ms,
    long? WalPeakBytes,
    IReadOnlyList<RpcThroughput>? MixedLoad,
    long Customers,
    long Transactions,
    string Order,
    double? CliImportRowsPerSecond,
    IReadOnlyList<ModelFitTiming>? ModelFits,
    double? ParetoNbdRecalcSeconds,
    int Cores,
    BenchVersions Versions)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>One model's FitModels call on the whole book (issue 17): wall seconds, or why it was not fitted.</summary>
internal sealed record ModelFitTiming(string Model, string Unit, double? FitSeconds, double? LogLikelihood, string? Refusal);

/// <summary>What was measured, on what.</summary>
internal sealed record BenchVersions(
    [property: JsonPropertyName("dotnet")] string Dotnet,
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("sqlite")] string? Sqlite,
    [property: JsonPropertyName("postgres")] string? Postgres,
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("machine")] string Machine);

/// <summary>
/// What the table shows beyond the JSON: the parts of each phase (wall time, server and bench CPU), so a
/// missed target can be read as "bound by the server's CPU", "by the client" or "by waiting".
/// </summary>
internal sealed record PhaseTiming(string Name, double Seconds, double ServerCpuSeconds, double BenchCpuSeconds, string Detail);
