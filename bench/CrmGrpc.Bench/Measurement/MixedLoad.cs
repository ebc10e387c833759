using System.Diagnostics;
using System.Globalization;
using CrmGrpc.Bench.Book;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace CrmGrpc.Bench.Measurement;

/// <summary>Throughput and latency of one RPC in the mixed load, the latency in milliseconds.</summary>
internal sealed record RpcThroughput(string Rpc, int Callers, long Calls, long Failures, double CallsPerSecond, double P50Ms, double P99Ms, double MaxMs);

/// <summary>
/// The bench's mixed load: many callers at once, each calling its RPC again as soon as the last call returned (closed
/// loop, no pacing), so the server runs flat out on a mix of internal services' calls: point reads, small imports,
/// small recalculation streams, customer pages, the whole-book portfolio aggregate and a fit. Reports per RPC how many
/// calls it completed per second and their latency. Each call has a 60 s deadline; a failed call counts as a failure.
/// </summary>
internal static class MixedLoad
{
    /// <summary>The mix: an RPC, how many of the callers call it.</summary>
    private static readonly (string Rpc, int Share)[] Mix =
    [
        ("GetCustomer", 6),
        ("GetCustomerMetrics", 6),
        ("ListTransactions", 4),
        ("ImportTransactions", 6),
        ("StreamCustomerMetrics", 4),
        ("ListCustomers", 3),
        ("GetPortfolioMetrics", 2),
        ("FitModels", 1),
    ];

    /// <summary>Rows per ImportTransactions call (one message): an internal service forwarding a few orders at a time.</summary>
    public const int ImportRows = 100;

    /// <summary>Customers per StreamCustomerMetrics call: one page of a caller's list.</summary>
    public const int StreamCustomers = 100;

    public static int Callers => Mix.Sum(m => m.Share);

    public static async Task<IReadOnlyList<RpcThroughput>> MeasureAsync(GrpcChannel channel, long customers, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clients = new Clients(channel);
        var callers = new List<(string Rpc, Task<List<(double Ms, bool Failed)>> Task)>();
        var caller = 0;
        var started = Stopwatch.GetTimestamp();
        stop.CancelAfter(duration);
        foreach (var (rpc, share) in Mix)
        {
            for (var i = 0; i < share; i++, caller++)
            {
                var call = clients.For(rpc, caller, customers);
                callers.Add((rpc, Task.Run(() => LoopAsync(call, stop.Token), CancellationToken.None)));
            }
        }

        await Task.WhenAll(callers.Select(c => c.Task));
        cancellationToken.ThrowIfCancellationRequested();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return [.. callers.GroupBy(c => c.Rpc).Select(group =>
        {
            var calls = group.SelectMany(c => c.Task.Result).ToList();
            var latencies = calls.Select(c => c.Ms).Order().ToList();
            return new RpcThroughput(group.Key, group.Count(), calls.Count, calls.Count(c => c.Failed), calls.Count / seconds,
                Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Count == 0 ? 0 : latencies[^1]);
        })];
    }

    /// <summary>Calls until stopped; a call cut off by the stop itself is not counted.</summary>
    private static async Task<List<(double Ms, bool Failed)>> LoopAsync(Func<CancellationToken, Task> call, CancellationToken stop)
    {
        var results = new List<(double, bool)>();
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            var failed = false;
            try
            {
                await call(stop);
            }
            catch (Exception ex) when (stop.IsCancellationRequested && (ex is OperationCanceledException || ex is RpcException { StatusCode: StatusCode.Cancelled }))
            {
                break;
            }
            catch (RpcException)
            {
                failed = true;
            }

            results.Add((Stopwatch.GetElapsedTime(started).TotalMilliseconds, failed));
        }

        return results;
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed class Clients(GrpcChannel channel)
    {
        private static readonly Period WholeBook = new()
        {
            Start = Timestamp.FromDateTimeOffset(SyntheticBook.Start),
            End = Timestamp.FromDateTimeOffset(SyntheticBook.End),
        };

        private readonly CustomerService.CustomerServiceClient _customers = new(channel);
        private readonly TransactionService.TransactionServiceClient _transactions = new(channel);
        private readonly MetricsService.MetricsServiceClient _metrics = new(channel);
        private readonly ModelService.ModelServiceClient _models = new(channel);

        private static DateTime Deadline => DateTime.UtcNow.AddSeconds(60);

        /// <summary>One caller's call of <paramref name="rpc"/>, with its own random customers (seeded by the caller's number).</summary>
        public Func<CancellationToken, Task> For(string rpc, int caller, long customers)
        {
            var random = new Random(caller);
            string Customer() => SyntheticBook.CustomerId(random.NextInt64(customers));
            var imported = 0L;
            var pageToken = "";
            return rpc switch
            {
                "GetCustomer" => async token => await _customers.GetCustomerAsync(new GetCustomerRequest { Id = Customer() }, deadline: Deadline, cancellationToken: token),
                "GetCustomerMetrics" => async token => await _metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = Customer() }, deadline: Deadline, cancellationToken: token),
                "ListTransactions" => async token => await _transactions.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = Customer(), PageSize = 100 }, deadline: Deadline, cancellationToken: token),
                "ImportTransactions" => async token =>
                {
                    var batch = new ImportTransactionsRequest();
                    for (var r = 0; r < ImportRows; r++, imported++)
                    {
                        batch.Transactions.Add(new Transaction
                        {
                            Id = string.Create(CultureInfo.InvariantCulture, $"mixed-{caller}-{imported}"),
                            CustomerId = Customer(),
                            OccurredAt = Timestamp.FromDateTimeOffset(SyntheticBook.LastDay.AddSeconds(random.Next(86_400))),
                            AmountMinor = 500 + random.Next(20_000),
                            Currency = "USD",
                            Kind = TransactionKind.Purchase,
                            SaleType = SaleType.Repeat,
                        });
                    }

                    using var call = _transactions.ImportTransactions(deadline: Deadline, cancellationToken: token);
                    await call.RequestStream.WriteAsync(batch, token);
                    await call.RequestStream.CompleteAsync();
                    var summary = await call;
                    if (summary.Accepted != ImportRows)
                    {
                        throw new RpcException(new Status(StatusCode.Internal, $"ImportTransactions accepted {summary.Accepted} of {ImportRows}"));
                    }
                },
                "StreamCustomerMetrics" => async token =>
                {
                    var filter = new CustomerFilter();
                    while (filter.CustomerIds.Count < StreamCustomers)
                    {
                        var id = Customer();
                        if (!filter.CustomerIds.Contains(id))
                        {
                            filter.CustomerIds.Add(id);
                        }
                    }

                    using var call = _metrics.StreamCustomerMetrics(new StreamCustomerMetricsRequest { Filter = filter, BatchSize = StreamCustomers }, deadline: Deadline, cancellationToken: token);
                    await foreach (var _ in call.ResponseStream.ReadAllAsync(token))
                    {
                    }
                },
                "ListCustomers" => async token =>
                {
                    // Each call the next page: a caller paging through the whole book, as an export does.
                    var page = await _customers.ListCustomersAsync(new ListCustomersRequest { PageSize = 100, PageToken = pageToken }, deadline: Deadline, cancellationToken: token);
                    pageToken = page.NextPageToken;
                },
                "GetPortfolioMetrics" => async token => await _metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = WholeBook }, deadline: Deadline, cancellationToken: token),
                "FitModels" => async token => await _models.FitModelsAsync(new FitModelsRequest
                {
                    CalibrationEnd = Timestamp.FromDateTimeOffset(SyntheticBook.LastDay),
                    TimeUnit = Contracts.V1.TimeUnit.Weeks,
                }, deadline: Deadline, cancellationToken: token),
                _ => throw new ArgumentOutOfRangeException(nameof(rpc), rpc, "not in the mix"),
            };
        }
    }
}
