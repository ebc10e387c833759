using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CrmGrpc.Bench.Hosting;
using Npgsql;

namespace CrmGrpc.Bench.Measurement;

/// <summary>
/// The floor of the recalculation on PostgreSQL: the per-customer aggregate the recalculation needs, run by <c>psql</c>
/// on the bench's book (the server stopped) and read to the end — <c>COPY (aggregate) TO STDOUT</c> into /dev/null,
/// timed by psql's <c>\timing</c> (from sending the query to the last row written, without psql's own start-up).
/// </summary>
internal static partial class PostgresFloor
{
    /// <summary>
    /// The SQLite floor's aggregate exactly (<see cref="SqliteFloor.Sql"/>): read from <c>transactions</c>, grouped by
    /// customer_key — not from <c>customer_totals</c>, which SQLite's floor does not read either. No plan is forced
    /// (SQLite's INDEXED BY has no PostgreSQL counterpart): the planner's fastest way to the same rows is the floor.
    /// </summary>
    public const string Sql = "SELECT customer_key, count(*), sum(amount_minor), max(occurred_at) FROM transactions GROUP BY customer_key";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(30);

    /// <summary>One timed run: the seconds psql reports for the COPY.</summary>
    public static async Task<double> MeasureAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("psql");
        // -o /dev/null takes the COPY's rows; \timing's line still goes to stdout. LC_ALL=C keeps its decimal point a dot.
        foreach (var argument in new[]
                 {
                     "-X", "-q", "-v", "ON_ERROR_STOP=1",
                     "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture),
                     "-U", builder.Username!, "-d", builder.Database!,
                     "-o", "/dev/null", "-c", "\\timing on", "-c", $"COPY ({Sql}) TO STDOUT",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        var result = await ChildProcess.RunAsync(start, RunTimeout, "the PostgreSQL floor", "install postgresql-client", cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new BenchException($"psql (the PostgreSQL floor) exited with code {result.ExitCode}: {result.Error.Trim()}");
        }

        return TimingLine().Match(result.Output) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 1000
            : throw new BenchException($"psql (the PostgreSQL floor) printed no \\timing line: {result.Output.Trim()} {result.Error.Trim()}");
    }

    /// <summary>psql's <c>Time: 931.263 ms</c> (followed by "(00:01.002)" past a second).</summary>
    [GeneratedRegex(@"^Time: (\d+(?:\.\d+)?) ms", RegexOptions.Multiline)]
    private static partial Regex TimingLine();
}
