using System.Globalization;
using CrmGrpc.Bench.Measurement;
using Spectre.Console;

namespace CrmGrpc.Bench.Output;

/// <summary>The figures against their targets, and where each phase spent its time.</summary>
internal static class ResultTables
{
    /// <summary>The book size the targets are stated for (issue 7).</summary>
    public const long TargetCustomers = 1_000_000;

    public const long TargetTransactions = 10_000_000;

    public static void Write(IAnsiConsole console, BenchResult result, BenchRun run)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(run);
        var atTargetSize = result.Customers == TargetCustomers && result.Transactions == TargetTransactions;
        var ratio = result.RecalcOverFloor;
        var targets = StoreTargets.For(result.Store);
        var store = targets.StoreName + (result.PostgresReplica == true ? " (heavy reads on a streaming replica)" : "");

        var figures = new Table()
            .Title(F($"CrmGrpc benchmark on {store}: {result.Customers:N0} customers, {result.Transactions:N0} transactions in {result.Order} order"))
            .Caption(atTargetSize
                ? F($"Targets as in {targets.Issue} for {targets.StoreName}, for 1M customers / 10M transactions.")
                : F($"Targets ({targets.Issue}, {targets.StoreName}) are stated for 1M customers / 10M transactions; this book is smaller, so they are indicative."))
            .AddColumn("figure")
            .AddColumn(new TableColumn("value").RightAligned())
            .AddColumn("target")
            .AddColumn("");
        AddFigure(figures, "store", store, "", null);
        AddFigure(figures, "ingestRowsPerSecond (ImportTransactions, end to end)", F($"{result.IngestRowsPerSecond:N0} rows/s"), targets.IngestText, result.IngestRowsPerSecond >= targets.IngestRowsPerSecond);
        if (result.CliImportRowsPerSecond is { } cli)
        {
            AddFigure(figures, "cliImportRowsPerSecond (crm import transactions of a CSV)", F($"{cli:N0} rows/s ({cli / result.IngestRowsPerSecond * 100:N0} % of gRPC)"),
                "≥ 80 % of the gRPC rate", cli >= 0.8 * result.IngestRowsPerSecond);
        }

        AddFigure(figures, "recalcSeconds (StreamCustomerMetrics, every customer)", F($"{result.RecalcSeconds:N3} s"), F($"≤ 2 × {targets.StoreName} floor"), ratio <= 2);
        if (result.SqliteFloorSeconds is { } sqliteFloor)
        {
            AddFigure(figures, "sqliteFloorSeconds (GROUP BY over the covering index)", F($"{sqliteFloor:N3} s"), "", null);
        }

        if (result.PostgresFloorSeconds is { } postgresFloor)
        {
            AddFigure(figures, "postgresFloorSeconds (the same GROUP BY in psql, COPY to /dev/null)", F($"{postgresFloor:N3} s"), "", null);
        }

        AddFigure(figures, "  recalcOverFloor (recalculation / floor)", F($"{ratio:N2} ×"), "≤ 2", ratio <= 2);
        AddFigure(figures, "fitSeconds (FitModels, summaries included)", F($"{result.FitSeconds:N3} s"), F($"< {targets.FitSeconds} s"), result.FitSeconds < targets.FitSeconds);
        AddFigure(figures, "fitOptimiserSeconds (the fit's own fit_seconds)", F($"{result.FitOptimiserSeconds:N3} s"), "", null);
        foreach (var model in result.ModelFits ?? [])
        {
            var target = model.Model == "pareto-nbd" ? 2 : 1.5;
            AddFigure(figures, F($"  fitSeconds {model.Model} ({model.Unit})"),
                model.FitSeconds is { } seconds ? F($"{seconds:N3} s") : "not fitted: " + model.Refusal,
                F($"< {target} s (issue 17)"), model.FitSeconds is { } s ? s < target : null);
        }

        if (result.ParetoNbdRecalcSeconds is { } paretoRecalc)
        {
            var paretoRatio = paretoRecalc / result.RecalcSeconds;
            AddFigure(figures, "  recalculation with Pareto/NBD / with BG/NBD", F($"{paretoRecalc:N3} s, {paretoRatio:N2} ×"), "≤ 1.5 × (issue 17)", paretoRatio <= 1.5);
        }

        var windowRatio = result.PortfolioInactivitySeconds / result.PortfolioSeconds;
        AddFigure(figures, "portfolioSeconds (GetPortfolioMetrics, whole range; median)", F($"{result.PortfolioSeconds:N3} s"), "< 3 s", result.PortfolioSeconds < 3);
        AddFigure(figures, "portfolioInactivitySeconds (the same, 180-day window; median)", F($"{result.PortfolioInactivitySeconds:N3} s"), "≤ 1.25 × portfolio", windowRatio <= 1.25);
        AddFigure(figures, "  with a window / without", F($"{windowRatio:N2} ×"), "≤ 1.25", windowRatio <= 1.25);
        AddFigure(figures, "serverPeakWorkingSetBytes (during the recalculation)", Megabytes(result.ServerPeakWorkingSetBytes), "< 600 MB", result.ServerPeakWorkingSetBytes < 600L * 1024 * 1024);
        if (run.ServerLifetimePeakBytes is { } lifetime)
        {
            AddFigure(figures, "  server peak over the whole run (VmHWM)", Megabytes(lifetime), "", null);
        }

        if (run.Load is { } load)
        {
            AddFigure(figures, "interactiveIdleP99Ms (GetCustomer, GetCustomerMetrics; worst of the two)", F($"{load.IdleP99Ms:N1} ms"), "", null);
            AddFigure(figures, "interactiveBusyP50Ms (the same beside a fit and a recalculation)", F($"{load.BusyP50Ms:N1} ms"), "", null);
            AddFigure(figures, "interactiveBusyP99Ms", F($"{load.BusyP99Ms:N1} ms"), "< 50 ms", load.BusyP99Ms < 50);
            foreach (var (phase, rows) in new[] { ("idle", load.Idle), ("busy", load.Busy) })
            {
                foreach (var rpc in rows)
                {
                    AddFigure(figures, F($"  {phase} {rpc.Rpc}: {rpc.Calls:N0} calls, {rpc.Failures:N0} failed"),
                        F($"p50 {rpc.P50Ms:N1} / p99 {rpc.P99Ms:N1} / max {rpc.MaxMs:N1} ms"), "", null);
                }
            }
        }

        if (result.MixedLoad is { } mixed)
        {
            AddFigure(figures, F($"mixedLoad ({MixedLoad.Callers} callers flat out, restarted server)"), F($"{mixed.Sum(r => r.CallsPerSecond):N0} calls/s, {mixed.Sum(r => r.Failures):N0} failed"), "", null);
            foreach (var rpc in mixed)
            {
                AddFigure(figures, F($"  {rpc.Rpc} ({rpc.Callers} callers): {rpc.Calls:N0} calls, {rpc.Failures:N0} failed, {rpc.CallsPerSecond:N1}/s"),
                    F($"p50 {rpc.P50Ms:N1} / p99 {rpc.P99Ms:N1} / max {rpc.MaxMs:N1} ms"), "", null);
            }
        }

        AddFigure(figures, "walPeakBytes (the WAL file, sampled while the server ran)",
            result.WalPeakBytes is { } walPeak ? Megabytes(walPeak) : "– (SQLite only)", "", null);
        if (run.ServerArguments.Count > 0)
        {
            AddFigure(figures, "server arguments (NOT the defaults)", string.Join(' ', run.ServerArguments), "", null);
        }

        AddFigure(figures, result.Store == "postgres" ? "database size (pg_database_size)" : "database file", Megabytes(run.DatabaseBytes), "", null);
        AddFigure(figures, "customers / transactions / cores", F($"{result.Customers:N0} / {result.Transactions:N0} / {result.Cores}"), "", null);
        console.Write(figures);

        var phases = new Table()
            .Title("phases (CPU: user + system; 2 cores give at most 2 CPU-seconds per second)")
            .AddColumn("phase")
            .AddColumn(new TableColumn("wall s").RightAligned())
            .AddColumn(new TableColumn("server CPU s").RightAligned())
            .AddColumn(new TableColumn("bench CPU s").RightAligned())
            .AddColumn("detail");
        foreach (var phase in run.Phases)
        {
            phases.AddRow(
                Markup.Escape(phase.Name),
                F($"{phase.Seconds:N3}"),
                F($"{phase.ServerCpuSeconds:N2}"),
                F($"{phase.BenchCpuSeconds:N2}"),
                Markup.Escape(phase.Detail));
        }

        console.Write(phases);
        var storeVersion = result.Versions.Postgres is { } postgres ? "PostgreSQL " + postgres : "SQLite " + result.Versions.Sqlite;
        console.WriteLine(F($"versions: {result.Versions.Dotnet}; {result.Versions.Os}; {storeVersion}; {result.Versions.Server}"));
        console.WriteLine(F($"machine: {result.Versions.Machine}"));
    }

    /// <summary>The targets that differ by store: issue 7 (and 16 for ingest) on SQLite, issue 15 on PostgreSQL.</summary>
    private sealed record StoreTargets(string StoreName, string Issue, double IngestRowsPerSecond, string IngestText, double FitSeconds)
    {
        public static StoreTargets For(string store) => store == "postgres"
            ? new StoreTargets("PostgreSQL", "issue 15", 400_000, "≥ 400,000 rows/s (issue 15)", 1.5)
            : new StoreTargets("SQLite", "issue 7", 300_000, "≥ 300,000 rows/s in every order (issue 16)", 1);
    }

    private static void AddFigure(Table table, string name, string value, string target, bool? met) =>
        table.AddRow(
            Markup.Escape(name),
            Markup.Escape(value),
            Markup.Escape(target),
            met switch { true => "[green]met[/]", false => "[red]missed[/]", null => "" });

    private static string Megabytes(long bytes) => F($"{bytes / 1048576.0:N0} MB");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
