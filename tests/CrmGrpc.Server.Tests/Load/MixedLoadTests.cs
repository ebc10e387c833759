using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Xunit.Abstractions;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Load;

/// <summary>
/// About a minute of 32 concurrent callers against a server process with API keys and per-caller limits on: paced
/// readers, callers of the portfolio aggregates, streams, importers, a fitter, greedy callers that run into the
/// request limit, and a health probe. Afterwards: no status but OK and RESOURCE_EXHAUSTED-with-a-retry-delay, every
/// row acknowledged stored once, per-customer totals exact, and the server's memory and open files back in range.
/// </summary>
[Collection(SaturatingTests.Name)]
public sealed class MixedLoadTests(ITestOutputHelper output)
{
    private const int Customers = 2_000;
    private const int SeedPurchasesPerCustomer = 5;
    private const int RequestsPerSecond = 400;
    private const int ConcurrentStreams = 6;
    private const int ImportBatches = 3;
    private const int ImportBatchRows = 100;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WarmUpDuration = TimeSpan.FromSeconds(5);

    /// <summary>One key per kind of caller, so each group has its own limits partition (the greedy one runs into its own).</summary>
    private static readonly (string Name, string Key, Role Role)[] Keys =
    [
        ("readers", "load-readers-" + Guid.NewGuid().ToString("N"), Role.Reader),
        ("streamers", "load-streamers-" + Guid.NewGuid().ToString("N"), Role.Reader),
        ("writers", "load-writers-" + Guid.NewGuid().ToString("N"), Role.Writer),
        ("greedy", "load-greedy-" + Guid.NewGuid().ToString("N"), Role.Reader),
    ];

    [Fact]
    public async Task Thirty_two_callers_for_a_minute_with_limits_on_get_only_expected_statuses_and_lose_or_double_no_row()
    {
        using var directory = new TempDirectory();
        var path = directory.File("crm.db");
        string[] arguments =
        [
            .. Keys.SelectMany((k, i) => new[]
            {
                $"--Crm:Auth:ApiKeys:{i}:Name={k.Name}",
                $"--Crm:Auth:ApiKeys:{i}:KeySha256={ApiKeys.HashHex(k.Key)}",
                $"--Crm:Auth:ApiKeys:{i}:Role={Roles.Name(k.Role)}",
            }),
            string.Create(CultureInfo.InvariantCulture, $"--Crm:Limits:RequestsPerSecond={RequestsPerSecond}"),
            string.Create(CultureInfo.InvariantCulture, $"--Crm:Limits:ConcurrentStreams={ConcurrentStreams}"),
            "--Logging:LogLevel:CrmGrpc.Server.Interceptors.LoggingInterceptor=Warning",
        ];
        await using var server = await ServerProcess.StartAsync(path, arguments);
        var run = new LoadRun(server);
        await run.SeedAsync();

        await run.RunAsync(WarmUpDuration);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = ProcessSample.Of(server.Pid);
        var warmUpCalls = run.TotalCalls;

        var clock = Stopwatch.StartNew();
        await run.RunAsync(LoadDuration);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var after = ProcessSample.Of(server.Pid);

        foreach (var line in run.Report())
        {
            output.WriteLine(line);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{run.TotalCalls - warmUpCalls} calls in {loadSeconds:F1} s; RSS {before.RssBytes / 1048576.0:F0} -> {after.RssBytes / 1048576.0:F0} MB, open files {before.OpenFiles} -> {after.OpenFiles}"));

        Assert.Empty(run.Unexpected);

        // The limits were on and did their work: the greedy callers were refused; everyone else still got through.
        Assert.True(run.Calls("greedy", StatusCode.ResourceExhausted) > 0, "the greedy callers were never limited");
        foreach (var group in new[] { "readers", "portfolio", "streamers", "importers", "fitter", "greedy", "health" })
        {
            Assert.True(run.Calls(group, StatusCode.OK) > 0, $"{group} got no call through");
        }

        await run.CheckBookAsync(path);

        // Memory and open files return to the range they started in (loose bounds: the GC keeps what it may reuse).
        Assert.InRange(after.OpenFiles, 0, before.OpenFiles + Math.Max(32, before.OpenFiles / 10));
        Assert.InRange(after.RssBytes, 0, Math.Max(before.RssBytes * 2, before.RssBytes + (256L << 20)));
    }

    /// <summary>What /proc says about the server process.</summary>
    private readonly record struct ProcessSample(long RssBytes, int OpenFiles)
    {
        public static ProcessSample Of(int pid)
        {
            var rssKb = File.ReadLines($"/proc/{pid}/status")
                .Where(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
                .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture))
                .Single();
            return new ProcessSample(rssKb * 1024, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length);
        }
    }

    /// <summary>The callers, their statuses, and what the importers were told was stored.</summary>
    private sealed class LoadRun(ServerProcess server)
    {
        private readonly ConcurrentDictionary<(string Group, StatusCode Status), int> _calls = new();
        private readonly ConcurrentQueue<string> _unexpected = new();
        private readonly ConcurrentDictionary<string, byte> _acknowledgedIds = new(StringComparer.Ordinal);
        private long _accepted;
        private long _duplicates;
        private long _resent;
        private int _importSequence;

        public IReadOnlyCollection<string> Unexpected => _unexpected;

        public long TotalCalls => _calls.Values.Sum();

        public int Calls(string group, StatusCode status) => _calls.GetValueOrDefault((group, status));

        public IEnumerable<string> Report() =>
            _calls.OrderBy(c => c.Key.Group, StringComparer.Ordinal).ThenBy(c => c.Key.Status)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key.Group,-10} {c.Key.Status,-18} {c.Value,8:N0}"))
                .Concat(_unexpected.Take(20).Select(u => "unexpected: " + u))
                .Append(string.Create(CultureInfo.InvariantCulture, $"imports: {_accepted:N0} rows accepted, {_duplicates:N0} duplicates of {_resent:N0} resent"));

        private static CallOptions As(string group, TimeSpan deadline)
        {
            var key = Keys.Single(k => k.Name == group).Key;
            return new CallOptions(new Metadata { { CallerAuthenticator.ApiKeyHeader, key } }, DateTime.UtcNow.Add(deadline));
        }

        private static string CustomerId(int index) => string.Create(CultureInfo.InvariantCulture, $"load-c-{index}");

        public async Task SeedAsync()
        {
            var writer = As("writers", TimeSpan.FromMinutes(2));
            var customers = Enumerable.Range(0, Customers)
                .Select(i => Rows.Customer(CustomerId(i), segment: i % 3 == 0 ? "enterprise" : "smb"))
                .Chunk(500).Select(chunk => new ImportCustomersRequest { Customers = { chunk } });
            Assert.Equal(Customers, (await ImportAsync(server.Customers.ImportCustomers(writer), customers)).Accepted);

            var purchases = Enumerable.Range(0, Customers)
                .SelectMany(c => Enumerable.Range(0, SeedPurchasesPerCustomer).Select(k =>
                    Rows.Purchase(string.Create(CultureInfo.InvariantCulture, $"seed-{c}-{k}"), CustomerId(c), 1000 + (c % 97 * 10), day: 1 + ((c + (k * 37)) % 300))))
                .Chunk(1000).Select(chunk => new ImportTransactionsRequest { Transactions = { chunk } });
            Assert.Equal(Customers * SeedPurchasesPerCustomer, (await ImportAsync(server.Transactions.ImportTransactions(writer), purchases)).Accepted);

            await new ModelService.ModelServiceClient(server.Channel).FitModelsAsync(
                new FitModelsRequest { CalibrationEnd = Rows.At(330), TimeUnit = Contracts.V1.TimeUnit.Weeks }, writer);
        }

        public async Task RunAsync(TimeSpan duration)
        {
            using var stop = new CancellationTokenSource(duration);
            var callers = new List<Task>();
            for (var i = 0; i < 10; i++)
            {
                callers.Add(CallerAsync("readers", i, TimeSpan.FromMilliseconds(40), ReadAsync, stop.Token));
            }

            for (var i = 0; i < 2; i++)
            {
                callers.Add(CallerAsync("portfolio", i, TimeSpan.FromMilliseconds(500), AggregateAsync, stop.Token));
            }

            for (var i = 0; i < 6; i++)
            {
                callers.Add(CallerAsync("streamers", i, TimeSpan.FromMilliseconds(100), StreamAsync, stop.Token));
            }

            for (var i = 0; i < 8; i++)
            {
                callers.Add(ImporterAsync(i, stop.Token));
            }

            callers.Add(CallerAsync("fitter", 0, TimeSpan.FromSeconds(1), FitAsync, stop.Token));
            for (var i = 0; i < 4; i++)
            {
                callers.Add(CallerAsync("greedy", i, TimeSpan.Zero, GreedyAsync, stop.Token));
            }

            callers.Add(CallerAsync("health", 0, TimeSpan.FromMilliseconds(200), HealthAsync, stop.Token));
            await Task.WhenAll(callers);
        }

        /// <summary>Calls <paramref name="call"/> until stopped, a pause between calls, obeying the retry delay of a refusal.</summary>
        private async Task CallerAsync(string group, int caller, TimeSpan pause, Func<Random, Task> call, CancellationToken stop)
        {
            var random = new Random((group.GetHashCode(StringComparison.Ordinal) * 31) + caller);
            while (!stop.IsCancellationRequested)
            {
                var retryAfter = await AttemptAsync(group, () => call(random));
                await PauseAsync(retryAfter ?? pause, stop);
            }
        }

        /// <summary>Runs one call and counts its status; a refusal's retry delay is returned; any status not expected is noted.</summary>
        private async Task<TimeSpan?> AttemptAsync(string group, Func<Task> call)
        {
            try
            {
                await call();
                Count(group, StatusCode.OK);
                return null;
            }
            catch (RpcException ex)
            {
                Count(group, ex.StatusCode);
                if (ex.StatusCode == StatusCode.ResourceExhausted && group != "health"
                    && ex.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay is { } delay)
                {
                    return TimeSpan.FromMilliseconds(Math.Clamp(delay.ToTimeSpan().TotalMilliseconds, 1, 2000));
                }

                _unexpected.Enqueue($"{group}: {ex.StatusCode} {ex.Status.Detail}");
                return TimeSpan.FromMilliseconds(100);
            }
        }

        private void Count(string group, StatusCode status) => _calls.AddOrUpdate((group, status), 1, (_, n) => n + 1);

        private static async Task PauseAsync(TimeSpan pause, CancellationToken stop)
        {
            if (pause <= TimeSpan.Zero)
            {
                return;
            }

            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task ReadAsync(Random random)
        {
            var options = As("readers", TimeSpan.FromSeconds(10));
            var id = CustomerId(random.Next(Customers));
            switch (random.Next(10))
            {
                case < 5:
                    await server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = id }, options);
                    break;
                case < 8:
                    await new MetricsService.MetricsServiceClient(server.Channel).GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = id }, options);
                    break;
                default:
                    await server.Transactions.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = id, PageSize = 50 }, options);
                    break;
            }
        }

        private async Task AggregateAsync(Random random)
        {
            var options = As("readers", TimeSpan.FromSeconds(30));
            var metrics = new MetricsService.MetricsServiceClient(server.Channel);
            var period = new Period { Start = Rows.At(0), End = Rows.At(365) };
            switch (random.Next(3))
            {
                case 0:
                    await metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = period, GroupBy = new GroupBy { Dimension = GroupByDimension.Segment } }, options);
                    break;
                case 1:
                    await metrics.GetMetricSeriesAsync(new GetMetricSeriesRequest { Range = period, Granularity = Granularity.Month, Metrics = { PortfolioMetric.AveragePurchaseValue, PortfolioMetric.HistoricalClv } }, options);
                    break;
                default:
                    await metrics.SegmentCustomersAsync(new SegmentCustomersRequest { Kind = SegmentationKind.Rfm, PageSize = 100 }, options);
                    break;
            }
        }

        private async Task StreamAsync(Random random)
        {
            var options = As("streamers", TimeSpan.FromSeconds(30));
            if (random.Next(2) == 0)
            {
                var filter = new CustomerFilter { CustomerIds = { Enumerable.Range(0, 50).Select(_ => CustomerId(random.Next(Customers))).Distinct() } };
                using var call = new MetricsService.MetricsServiceClient(server.Channel).StreamCustomerMetrics(
                    new StreamCustomerMetricsRequest { Filter = filter, BatchSize = 10 }, options);
                await foreach (var _ in call.ResponseStream.ReadAllAsync())
                {
                }

                return;
            }

            var token = "";
            for (var page = 0; page < 5; page++)
            {
                var response = await server.Customers.ListCustomersAsync(new ListCustomersRequest { PageSize = 200, PageToken = token }, options);
                token = response.NextPageToken;
                if (token.Length == 0)
                {
                    break;
                }
            }
        }

        private async Task FitAsync(Random random) =>
            await new ModelService.ModelServiceClient(server.Channel).FitModelsAsync(
                new FitModelsRequest { CalibrationEnd = Rows.At(330 + random.Next(30)), TimeUnit = Contracts.V1.TimeUnit.Weeks },
                As("writers", TimeSpan.FromSeconds(60)));

        private async Task GreedyAsync(Random random) =>
            await server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = CustomerId(random.Next(Customers)) }, As("greedy", TimeSpan.FromSeconds(10)));

        private async Task HealthAsync(Random random)
        {
            var response = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
            if (response.Status != HealthCheckResponse.Types.ServingStatus.Serving)
            {
                _unexpected.Enqueue($"health: {response.Status}");
            }
        }

        /// <summary>
        /// Imports new rows in a client stream of a few batches, again after a refusal (nothing of a refused stream is
        /// stored); every fifth import also sends again the first batch of the one before, which must come back as duplicates.
        /// </summary>
        private async Task ImporterAsync(int caller, CancellationToken stop)
        {
            var random = new Random(1000 + caller);
            ImportTransactionsRequest? previousFirst = null;
            var imports = 0;
            while (!stop.IsCancellationRequested)
            {
                var sequence = Interlocked.Increment(ref _importSequence);
                var batches = Enumerable.Range(0, ImportBatches).Select(b => new ImportTransactionsRequest
                {
                    Transactions =
                    {
                        Enumerable.Range(0, ImportBatchRows).Select(r => Rows.Purchase(
                            string.Create(CultureInfo.InvariantCulture, $"load-{caller}-{sequence}-{b}-{r}"),
                            CustomerId(random.Next(Customers)), 500 + random.Next(10_000), day: 300 + random.Next(60))),
                    },
                }).ToList();
                var resend = imports % 5 == 4 && previousFirst is not null ? previousFirst : null;
                if (resend is not null)
                {
                    batches.Add(resend);
                }

                while (true)
                {
                    ImportTransactionsResponse? summary = null;
                    var retryAfter = await AttemptAsync("importers", async () =>
                    {
                        summary = await ImportAnsweredAsync(server.Transactions.ImportTransactions(As("writers", TimeSpan.FromSeconds(60))), batches);
                    });
                    if (summary is not null)
                    {
                        Interlocked.Add(ref _accepted, summary.Accepted);
                        Interlocked.Add(ref _duplicates, summary.Duplicates);
                        Interlocked.Add(ref _resent, resend?.Transactions.Count ?? 0);
                        if (summary.Rejected != 0)
                        {
                            _unexpected.Enqueue($"importers: {summary.Rejected} rows rejected: {summary.Errors.FirstOrDefault()}");
                        }

                        foreach (var row in batches.Take(ImportBatches).SelectMany(b => b.Transactions))
                        {
                            _acknowledgedIds[row.Id] = 0;
                        }

                        break;
                    }

                    // Refused (or failed): nothing of that stream was stored; send the same rows again after the delay.
                    await PauseAsync(retryAfter ?? TimeSpan.FromMilliseconds(100), CancellationToken.None);
                }

                previousFirst = batches[0];
                imports++;
                await PauseAsync(TimeSpan.FromMilliseconds(50), stop);
            }
        }

        /// <summary>
        /// Sends the batches and returns the summary. The server may answer while the client still writes (a limit
        /// refuses the call before reading it): then the write fails with a status of the client's own making, and the
        /// server's answer, the status that counts, is read from the response.
        /// </summary>
        private static async Task<ImportTransactionsResponse> ImportAnsweredAsync(
            AsyncClientStreamingCall<ImportTransactionsRequest, ImportTransactionsResponse> call, IEnumerable<ImportTransactionsRequest> batches)
        {
            using (call)
            {
                try
                {
                    foreach (var batch in batches)
                    {
                        await call.RequestStream.WriteAsync(batch);
                    }

                    await call.RequestStream.CompleteAsync();
                }
                catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
                {
                }

                return await call.ResponseAsync;
            }
        }

        /// <summary>Every acknowledged row stored exactly once, nothing else stored, and the per-customer totals equal to the rows.</summary>
        public async Task CheckBookAsync(string databasePath)
        {
            Assert.Equal(_accepted, _acknowledgedIds.Count);
            Assert.Equal(_resent, _duplicates);

            await using var connection = await StoreUnderTest.OpenAsync(databasePath);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM transactions WHERE id LIKE 'load-%'";
            var stored = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    Assert.True(stored.Add(reader.GetString(0)));
                }
            }

            Assert.Equal(_acknowledgedIds.Count, stored.Count);
            Assert.True(stored.SetEquals(_acknowledgedIds.Keys), "the stored rows differ from the acknowledged ones");

            command.CommandText = """
                SELECT count(*) FROM (
                    SELECT t.customer_key, count(CASE WHEN t.kind = 1 THEN 1 END) AS purchases,
                           coalesce(sum(CASE WHEN t.kind = 1 THEN t.amount_minor END), 0) AS purchase_minor, max(t.occurred_at) AS latest_at
                    FROM transactions t GROUP BY t.customer_key) a
                LEFT JOIN customer_totals ct ON ct.customer_key = a.customer_key
                WHERE ct.customer_key IS NULL OR ct.purchases != a.purchases OR ct.purchase_minor != a.purchase_minor OR ct.latest_at != a.latest_at
                """;
            Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
        }
    }
}
