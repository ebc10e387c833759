using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using CrmGrpc.Bench.Book;
using CrmGrpc.Bench.Hosting;
using CrmGrpc.Bench.Output;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace CrmGrpc.Bench.Measurement;

/// <summary>
/// One measured run, in order: generate the book's calibration, start the server on a fresh book (a SQLite file or a
/// PostgreSQL database), import customers then transactions, portfolio metrics, fit, the streamed recalculation
/// (sampling the server's working set), stop the server, time the store's floor on the same book, then on SQLite the
/// SQLite insert floor (a sample of the transactions inserted into a fresh file with the same schema). Every phase
/// records its wall time and the CPU the server and the bench used in it.
/// </summary>
internal sealed class BenchRun(BenchSettings settings, FileInfo serverDll, BookStore store, string logPath)
{
    /// <summary>Runs of the floor query; the fastest is the floor.</summary>
    private const int FloorRuns = 2;

    // GetPortfolioMetrics is timed this many times without and as many with an inactivity window of this many days.
    private const int PortfolioRounds = 3;
    private const int PortfolioInactivityDays = 180;

    private readonly List<PhaseTiming> _phases = [];
    private ServerProcess? _server;

    public IReadOnlyList<PhaseTiming> Phases => _phases;

    /// <summary>Arguments the server got beyond the defaults (experiments).</summary>
    public IReadOnlyList<string> ServerArguments => settings.ServerArguments;

    /// <summary>The server's largest resident set over its whole life (VmHWM), taken just before it was stopped.</summary>
    public long? ServerLifetimePeakBytes { get; private set; }

    /// <summary>The load phase's latencies per RPC, when it ran.</summary>
    public LoadFigures? Load { get; private set; }

    /// <summary>The largest the WAL file was, sampled every 50 ms while the server ran; null on PostgreSQL (SQLite only).</summary>
    public long? WalPeakBytes { get; private set; }

    /// <summary>The database after the run: the file with its WAL on SQLite, <c>pg_database_size</c> on PostgreSQL.</summary>
    public long DatabaseBytes { get; private set; }

    /// <summary>The server's log, last lines, when something failed.</summary>
    public string ServerLastLines => _server?.LastLines() ?? "";

    public async Task<BenchResult> RunAsync(IBenchDisplay display, CancellationToken cancellationToken)
    {
        var book = new SyntheticBook(settings.Customers, settings.Transactions, settings.Seed);
        await PhaseAsync(display, "prepare book", settings.Customers, progress =>
        {
            book.Prepare(done => progress.Report(done, string.Create(CultureInfo.InvariantCulture, $"{done:N0} customers counted")), cancellationToken);
            return Task.FromResult(Detail($"α {book.Alpha:G4}, process total {book.NaturalTotal:N0} → {book.Transactions:N0} transactions"));
        });

        _server = await PhaseAsync(display, "start server", null, async _ =>
        {
            var server = await ServerProcess.StartAsync(serverDll, store.ServerArguments, logPath, settings.ServerArguments, cancellationToken);
            return (server, $"pid {server.Id}, {server.Address}{(settings.ServerArguments.Count > 0 ? " with " + string.Join(' ', settings.ServerArguments) : "")}");
        });
        await using var server = _server;
        await using var wal = store is SqliteBookStore sqlite ? new WorkingSetSampler(sqlite.WalBytes) : null;
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
        });

        var customers = new CustomerService.CustomerServiceClient(channel);
        await PhaseAsync(display, "import customers", settings.Customers, async progress =>
        {
            var outcome = await ImportAsync<ImportCustomersRequest, Customer, ImportCustomersResponse>(
                token => customers.ImportCustomers(cancellationToken: token), book.CustomerBatches(settings.ImportBatchSize),
                settings.Customers, progress, cancellationToken);
            return Detail($"{settings.Customers:N0} in {outcome.Seconds:N2} s, {settings.Customers / outcome.Seconds:N0} rows/s");
        });

        var transactions = new TransactionService.TransactionServiceClient(channel);
        var ingest = await PhaseAsync(display, "import transactions", settings.Transactions, async progress =>
        {
            var outcome = await ImportAsync<ImportTransactionsRequest, Transaction, ImportTransactionsResponse>(
                token => transactions.ImportTransactions(cancellationToken: token), book.TransactionBatches(settings.ImportBatchSize, settings.Order),
                settings.Transactions, progress, cancellationToken);
            return (outcome, string.Create(CultureInfo.InvariantCulture,
                $"{settings.Transactions:N0} in {settings.Order.ToString().ToLowerInvariant()} order in {outcome.Seconds:N2} s, {settings.Transactions / outcome.Seconds:N0} rows/s (generating them took the bench {outcome.GeneratorSeconds:N2} s)"));
        });

        if (store is PostgresBookStore { HasReplica: true } postgres)
        {
            // The heavy reads that follow run on the replica: it must have the whole book first (its lag is shown).
            await PhaseAsync(display, "replica catch-up", null, async _ =>
                Detail($"the replica replayed the imports {await postgres.WaitForReplicaAsync(cancellationToken):N3} s after they were acknowledged"));
        }

        var metrics = new MetricsService.MetricsServiceClient(channel);
        // The same request without and with an inactivity window, alternately (the order swapped each round), so that
        // both meet the same state of a busy machine; each figure is the median of its rounds.
        var (portfolioSeconds, portfolioInactivitySeconds) = await PhaseAsync(display, "portfolio metrics", PortfolioRounds * 2, async progress =>
        {
            var plain = new List<double>();
            var windowed = new List<double>();
            GetPortfolioMetricsResponse? last = null;
            for (var call = 0; call < PortfolioRounds * 2; call++)
            {
                var withWindow = (call % 2 == 1) == (call / 2 % 2 == 0);
                var started = Stopwatch.GetTimestamp();
                var response = await metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest
                {
                    Period = new Period { Start = Timestamp.FromDateTimeOffset(SyntheticBook.Start), End = Timestamp.FromDateTimeOffset(SyntheticBook.End) },
                    ChurnDefinition = withWindow ? new ChurnDefinition { InactivityDays = PortfolioInactivityDays } : null,
                }, cancellationToken: cancellationToken);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                (withWindow ? windowed : plain).Add(seconds);
                if (withWindow)
                {
                    if (response.ChurnDefinition.InactivityDays != PortfolioInactivityDays || !response.HasAverageLifespanYears)
                    {
                        throw new BenchException($"GetPortfolioMetrics with a {PortfolioInactivityDays}-day window gave no lifespan: {response}");
                    }

                    last = response;
                }

                progress.Report(call + 1, string.Create(CultureInfo.InvariantCulture, $"{(withWindow ? "with" : "without")} a window: {seconds:N3} s"));
            }

            string Runs(List<double> runs) => string.Join(", ", runs.Select(r => r.ToString("N3", CultureInfo.InvariantCulture)));
            var (medianPlain, medianWindowed) = (Median(plain), Median(windowed));
            return ((medianPlain, medianWindowed), string.Create(CultureInfo.InvariantCulture,
                $"medians {medianPlain:N3} s without, {medianWindowed:N3} s with a {PortfolioInactivityDays}-day window ({medianWindowed / medianPlain:N2} ×; runs without: {Runs(plain)}; with: {Runs(windowed)}): {last!.Purchases:N0} purchases by {last.PurchasingCustomers:N0} customers, revenue {last.Revenue:N0}, with the window {last.CustomersLost:N0} lost, lifespan {last.AverageLifespanYears:N2} years, historical CLV {last.HistoricalClv:N2}"));
        });

        var models = new ModelService.ModelServiceClient(channel);
        var fit = await PhaseAsync(display, "fit models", null, async _ =>
        {
            var started = Stopwatch.GetTimestamp();
            var response = await models.FitModelsAsync(new FitModelsRequest
            {
                CalibrationEnd = Timestamp.FromDateTimeOffset(SyntheticBook.LastDay),
                TimeUnit = Contracts.V1.TimeUnit.Weeks,
            }, cancellationToken: cancellationToken);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var bg = response.BgNbd;
            return ((seconds, response.Model.FitSeconds), string.Create(CultureInfo.InvariantCulture,
                $"{seconds:N3} s (optimiser {response.Model.FitSeconds:N3} s): {response.Model.Customers:N0} customers, r {bg.R:G3} α {bg.Alpha:G3} a {bg.A:G3} b {bg.B:G3}, {bg.Iterations} iterations{(bg.Converged ? "" : ", NOT converged")}"));
        });

        // The bench's own parser of the batches, optimised before the timing starts (no call to the server).
        await ClientParserWarmUp.RunAsync(cancellationToken);
        long peakWorkingSet = 0;
        var recalcSeconds = await PhaseAsync(display, "recalculation", settings.Customers, async progress =>
        {
            var (seconds, received, peak, samples) = await RecalculateAsync(metrics, server, progress, cancellationToken);
            if (received != settings.Customers)
            {
                throw new BenchException($"StreamCustomerMetrics returned {received:N0} customers, expected {settings.Customers:N0}");
            }

            peakWorkingSet = peak;
            return (seconds, string.Create(CultureInfo.InvariantCulture,
                $"{received:N0} customers in {seconds:N2} s, {received / seconds:N0}/s; server peak working set {peak / 1048576.0:N0} MB ({samples} samples)"));
        });

        IReadOnlyList<ModelFitTiming>? modelFits = null;
        double? paretoRecalcSeconds = null;
        if (settings.ModelFits)
        {
            modelFits = await PhaseAsync(display, "other models", null, async _ =>
            {
                var timings = await ModelFitTimings.MeasureAsync(models, cancellationToken);
                return (timings, string.Join("; ", timings.Select(t => t.FitSeconds is { } s
                    ? string.Create(CultureInfo.InvariantCulture, $"{t.Model} ({t.Unit}) {s:N3} s")
                    : t.Refusal)));
            });

            if (ModelFitTimings.ParetoModelId is { } paretoModel)
            {
                paretoRecalcSeconds = await PhaseAsync(display, "recalculation (pareto-nbd)", settings.Customers, async progress =>
                {
                    var (seconds, received, _, _) = await RecalculateAsync(metrics, server, progress, cancellationToken, paretoModel);
                    return (seconds, string.Create(CultureInfo.InvariantCulture,
                        $"{received:N0} customers in {seconds:N2} s with the Pareto/NBD model, {seconds / recalcSeconds:N2} × the BG/NBD recalculation"));
                });
            }
        }

        LoadFigures? load = null;
        if (settings.LoadSeconds > 0)
        {
            load = await PhaseAsync(display, "load", null, async _ =>
            {
                var figures = await InteractiveLoad.MeasureAsync(channel, settings.Customers, TimeSpan.FromSeconds(settings.LoadSeconds), settings.RecalcBatchSize, cancellationToken);
                Load = figures;
                return (figures, string.Create(CultureInfo.InvariantCulture,
                    $"p99 idle {figures.IdleP99Ms:N1} ms; beside {figures.FitsDone} fits and {figures.RecalculationsDone} recalculations p50 {figures.BusyP50Ms:N1} ms, p99 {figures.BusyP99Ms:N1} ms"));
            });
        }

        ServerLifetimePeakBytes = server.PeakWorkingSetBytes();
        await PhaseAsync(display, "stop server", null, async _ =>
        {
            if (wal is not null)
            {
                await wal.DisposeAsync();
                WalPeakBytes = wal.PeakBytes;
            }

            await server.StopAsync();
            return Detail($"stopped");
        });

        DatabaseBytes = await store.DatabaseBytesAsync(cancellationToken);
        var floorSeconds = await PhaseAsync(display, store.DisplayName + " floor", FloorRuns, async progress =>
        {
            var runs = new List<double>();
            for (var run = 0; run < FloorRuns; run++)
            {
                var (seconds, detail) = await store.MeasureFloorAsync(cancellationToken);
                runs.Add(seconds);
                progress.Report(run + 1, string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: {detail}"));
            }

            return (runs.Min(), string.Create(CultureInfo.InvariantCulture,
                $"{runs.Min():N3} s (runs: {string.Join(", ", runs.Select(s => s.ToString("N3", CultureInfo.InvariantCulture)))})"));
        });

        if (store is SqliteBookStore sqliteStore)
        {
            // SQLite only: PostgreSQL's ingest has no comparable single-writer floor here (issue 15 asks for none).
            await PhaseAsync(display, "SQLite insert floor", null, _ =>
            {
                var (seconds, rows) = SqliteInsertFloor.Measure(
                    sqliteStore.DatabasePath, Path.Combine(Path.GetDirectoryName(sqliteStore.DatabasePath)!, "insert-floor.db"), book, settings.Order, cancellationToken);
                return Task.FromResult(Detail(
                    $"{rows / seconds:N0} rows/s: the first {rows:N0} transactions in {settings.Order.ToString().ToLowerInvariant()} order in {seconds:N2} s, {SqliteInsertFloor.RowsPerTransaction:N0} a commit, into the schema alone"));
            });
        }

        IReadOnlyList<RpcThroughput>? mixed = null;
        if (settings.MixedSeconds > 0)
        {
            // Last, on a server started again on the same file, because its imports add rows that the floors above must not see.
            await using var restarted = await PhaseAsync(display, "restart server", null, async _ =>
            {
                var started = await ServerProcess.StartAsync(serverDll, store.ServerArguments, Path.ChangeExtension(logPath, ".mixed.log"), settings.ServerArguments, cancellationToken);
                return (started, $"pid {started.Id}, {started.Address}");
            });
            _server = restarted;
            using var mixedChannel = GrpcChannel.ForAddress(restarted.Address);
            mixed = await PhaseAsync(display, "mixed load", null, async _ =>
            {
                var figures = await MixedLoad.MeasureAsync(mixedChannel, settings.Customers, TimeSpan.FromSeconds(settings.MixedSeconds), cancellationToken);
                var perRpc = string.Join("; ", figures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Rpc} {f.CallsPerSecond:N1}/s p99 {f.P99Ms:N1} ms")));
                return (figures, string.Create(CultureInfo.InvariantCulture,
                    $"{MixedLoad.Callers} callers: {figures.Sum(f => f.CallsPerSecond):N0} calls/s, {figures.Sum(f => f.Failures):N0} failed; {perRpc}"));
            });
            await restarted.StopAsync();
        }

        double? cliRowsPerSecond = null;
        if (settings.CliImport)
        {
            cliRowsPerSecond = await PhaseAsync(display, "CLI import", null, async _ =>
            {
                var figures = await CliImport.MeasureAsync(settings, book, serverDll, store, Path.GetDirectoryName(Path.GetFullPath(logPath))!, cancellationToken);
                return (figures.RowsPerSecond, string.Create(CultureInfo.InvariantCulture,
                    $"crm import transactions: {settings.Transactions:N0} rows ({figures.CsvBytes / 1048576.0:N0} MB of CSV, {settings.Order.ToString().ToLowerInvariant()} order) in {figures.Seconds:N2} s, {figures.RowsPerSecond:N0} rows/s, {figures.RowsPerSecond * ingest.Seconds / settings.Transactions * 100:N0} % of the gRPC rate"));
            });
        }

        var storeVersion = await store.VersionAsync(cancellationToken);
        return new BenchResult(
            Store: store.Name,
            PostgresReplica: store is PostgresBookStore postgresStore ? postgresStore.HasReplica : null,
            IngestRowsPerSecond: settings.Transactions / ingest.Seconds,
            RecalcSeconds: recalcSeconds,
            SqliteFloorSeconds: store is SqliteBookStore ? floorSeconds : null,
            PostgresFloorSeconds: store is PostgresBookStore ? floorSeconds : null,
            RecalcOverFloor: recalcSeconds / floorSeconds,
            FitSeconds: fit.Item1,
            FitOptimiserSeconds: fit.Item2,
            PortfolioSeconds: portfolioSeconds,
            PortfolioInactivitySeconds: portfolioInactivitySeconds,
            ServerPeakWorkingSetBytes: peakWorkingSet,
            InteractiveIdleP99Ms: load?.IdleP99Ms,
            InteractiveBusyP50Ms: load?.BusyP50Ms,
            InteractiveBusyP99Ms: load?.BusyP99Ms,
            WalPeakBytes: WalPeakBytes,
            MixedLoad: mixed,
            Customers: settings.Customers,
            Transactions: settings.Transactions,
            Order: settings.Order.ToString().ToLowerInvariant(),
            CliImportRowsPerSecond: cliRowsPerSecond,
            ModelFits: modelFits,
            ParetoNbdRecalcSeconds: paretoRecalcSeconds,
            Cores: Environment.ProcessorCount,
            Versions: new BenchVersions(
                RuntimeInformation.FrameworkDescription,
                RuntimeInformation.OSDescription,
                store is SqliteBookStore ? storeVersion : null,
                store is PostgresBookStore ? storeVersion : null,
                ServerVersion(serverDll),
                MachineInfo.Describe()));
    }

    private sealed record ImportOutcome(double Seconds, double GeneratorSeconds);

    /// <summary>
    /// Streams the batches into one client-streaming import call and waits for its summary: the clock runs from
    /// opening the call to the summary (every batch durable). The batches are generated on another thread, a
    /// few ahead, so generating and sending overlap as in a client reading a file.
    /// </summary>
    private static async Task<ImportOutcome> ImportAsync<TRequest, TRow, TResponse>(
        Func<CancellationToken, AsyncClientStreamingCall<TRequest, TResponse>> open,
        IEnumerable<TRequest> batches,
        long expected,
        IPhaseProgress progress,
        CancellationToken cancellationToken)
        where TRequest : class, IImportRequest<TRow>
        where TResponse : IImportResponse
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<TRequest>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        long generatorTicks = 0;
        var producer = Task.Run(async () =>
        {
            try
            {
                using var enumerator = batches.GetEnumerator();
                while (true)
                {
                    var started = Stopwatch.GetTimestamp();
                    var more = enumerator.MoveNext();
                    generatorTicks += Stopwatch.GetTimestamp() - started;
                    if (!more)
                    {
                        break;
                    }

                    await queue.Writer.WriteAsync(enumerator.Current, stop.Token);
                }

                queue.Writer.Complete();
            }
            catch (Exception ex)
            {
                queue.Writer.Complete(ex);
            }
        }, stop.Token);

        try
        {
            var clock = Stopwatch.GetTimestamp();
            using var call = open(cancellationToken);
            long sent = 0;
            await foreach (var batch in queue.Reader.ReadAllAsync(cancellationToken))
            {
                await call.RequestStream.WriteAsync(batch, cancellationToken);
                sent += batch.Rows.Count;
                progress.Report(sent, string.Create(CultureInfo.InvariantCulture,
                    $"{sent:N0} rows sent, {sent / Stopwatch.GetElapsedTime(clock).TotalSeconds:N0} rows/s"));
            }

            await call.RequestStream.CompleteAsync();
            var summary = await call.ResponseAsync;
            var seconds = Stopwatch.GetElapsedTime(clock).TotalSeconds;
            if (summary.Accepted != expected || sent != expected)
            {
                var errors = string.Join(Environment.NewLine, summary.Errors.Take(5).Select(e => $"  {e.Id}: {e.Field}: {e.Reason}"));
                throw new BenchException(string.Create(CultureInfo.InvariantCulture,
                    $"{typeof(TRow).Name} import: {sent:N0} sent, {summary.Accepted:N0} accepted, {summary.Duplicates:N0} duplicates, {summary.Rejected:N0} rejected; expected {expected:N0} accepted{Environment.NewLine}{errors}"));
            }

            await producer;
            return new ImportOutcome(seconds, Stopwatch.GetElapsedTime(0, generatorTicks).TotalSeconds);
        }
        finally
        {
            await stop.CancelAsync();
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The whole book through StreamCustomerMetrics, to the last message, sampling the server's working set meanwhile.</summary>
    private async Task<(double Seconds, long Received, long PeakBytes, long Samples)> RecalculateAsync(
        MetricsService.MetricsServiceClient metrics, ServerProcess server, IPhaseProgress progress, CancellationToken cancellationToken, string modelId = "")
    {
        var sampler = new WorkingSetSampler(server.WorkingSetBytes);
        double seconds;
        long received = 0;
        try
        {
            var started = Stopwatch.GetTimestamp();
            using var call = metrics.StreamCustomerMetrics(new StreamCustomerMetricsRequest { BatchSize = settings.RecalcBatchSize, ModelId = modelId }, cancellationToken: cancellationToken);
            await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                if (message.PayloadCase == StreamCustomerMetricsResponse.PayloadOneofCase.Batch)
                {
                    received += message.Batch.Customers.Count;
                    progress.Report(received, string.Create(CultureInfo.InvariantCulture,
                        $"{received:N0} customers, {received / Stopwatch.GetElapsedTime(started).TotalSeconds:N0}/s"));
                }
            }

            seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            await sampler.DisposeAsync();
        }

        return (seconds, received, sampler.PeakBytes, sampler.Samples);
    }

    /// <summary>Times a phase, with the CPU the server and the bench used in it, and shows its progress.</summary>
    private async Task<T> PhaseAsync<T>(IBenchDisplay display, string name, long? total, Func<IPhaseProgress, Task<(T Value, string Detail)>> body)
    {
        var progress = display.Start(name, total);
        var serverCpu = _server?.CpuTime() ?? TimeSpan.Zero;
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var (value, detail) = await body(progress);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var serverCpuSeconds = _server is null ? 0 : Math.Max(0, (_server.CpuTime() - serverCpu).TotalSeconds);
        var benchCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalSeconds;
        _phases.Add(new PhaseTiming(name, seconds, serverCpuSeconds, benchCpuSeconds, detail));
        progress.Complete(detail);
        return value;
    }

    private async Task PhaseAsync(IBenchDisplay display, string name, long? total, Func<IPhaseProgress, Task<string>> body) =>
        await PhaseAsync<bool>(display, name, total, async progress => (true, await body(progress)));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Detail(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string ServerVersion(FileInfo dll)
    {
        var info = FileVersionInfo.GetVersionInfo(dll.FullName);
        return string.Create(CultureInfo.InvariantCulture,
            $"CrmGrpc.Server {info.ProductVersion ?? info.FileVersion ?? "?"} (built {dll.LastWriteTimeUtc:yyyy-MM-dd HH:mm} UTC)");
    }
}
