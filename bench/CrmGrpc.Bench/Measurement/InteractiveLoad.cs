using System.Diagnostics;
using CrmGrpc.Bench.Book;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace CrmGrpc.Bench.Measurement;

/// <summary>Latency of one interactive RPC over a load phase, in milliseconds.</summary>
internal sealed record RpcLatency(string Rpc, long Calls, long Failures, double P50Ms, double P99Ms, double MaxMs);

/// <summary>What the load phase measured: interactive calls on an idle server, then beside heavy work.</summary>
internal sealed record LoadFigures(IReadOnlyList<RpcLatency> Idle, IReadOnlyList<RpcLatency> Busy, int FitsDone, int RecalculationsDone)
{
    public double IdleP99Ms => Idle.Max(r => r.P99Ms);

    public double BusyP50Ms => Busy.Max(r => r.P50Ms);

    public double BusyP99Ms => Busy.Max(r => r.P99Ms);
}

/// <summary>
/// The bench's load mode: paced callers of GetCustomer and GetCustomerMetrics (one call each every 20 ms, random
/// customers: an internal service looking customers up) for a while on an idle server, then again while the heavy
/// work runs over and over (a fit and a whole-book recalculation at once). Each call has a 5 s deadline; a call
/// that fails counts as a failure and its time is still recorded.
/// </summary>
internal static class InteractiveLoad
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);

    public static async Task<LoadFigures> MeasureAsync(GrpcChannel channel, long customers, TimeSpan duration, int recalcBatchSize, CancellationToken cancellationToken)
    {
        var idle = await CallersAsync(channel, customers, duration / 3, cancellationToken);

        using var heavyStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var models = new ModelService.ModelServiceClient(channel);
        var metrics = new MetricsService.MetricsServiceClient(channel);
        var fits = 0;
        var recalculations = 0;
        var fitting = Task.Run(async () =>
        {
            while (!heavyStop.IsCancellationRequested)
            {
                await models.FitModelsAsync(new FitModelsRequest
                {
                    CalibrationEnd = Timestamp.FromDateTimeOffset(SyntheticBook.LastDay),
                    TimeUnit = Contracts.V1.TimeUnit.Weeks,
                }, cancellationToken: heavyStop.Token);
                fits++;
            }
        }, CancellationToken.None);
        var recalculating = Task.Run(async () =>
        {
            while (!heavyStop.IsCancellationRequested)
            {
                using var call = metrics.StreamCustomerMetrics(new StreamCustomerMetricsRequest { BatchSize = recalcBatchSize }, cancellationToken: heavyStop.Token);
                await foreach (var _ in call.ResponseStream.ReadAllAsync(heavyStop.Token))
                {
                }

                recalculations++;
            }
        }, CancellationToken.None);

        // Let both heavy calls get under way before the clock starts.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var busy = await CallersAsync(channel, customers, duration - (duration / 3), cancellationToken);
        await heavyStop.CancelAsync();
        foreach (var heavy in new[] { fitting, recalculating })
        {
            try
            {
                await heavy;
            }
            catch (Exception ex) when (ex is OperationCanceledException || (ex is RpcException rpc && rpc.StatusCode == StatusCode.Cancelled))
            {
            }
        }

        return new LoadFigures(idle, busy, fits, recalculations);
    }

    private static async Task<IReadOnlyList<RpcLatency>> CallersAsync(GrpcChannel channel, long customers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var customerClient = new CustomerService.CustomerServiceClient(channel);
        var metricsClient = new MetricsService.MetricsServiceClient(channel);
        var getCustomer = PacedAsync("GetCustomer", customers, duration, 1, id =>
            customerClient.GetCustomerAsync(new GetCustomerRequest { Id = id }, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
        var getMetrics = PacedAsync("GetCustomerMetrics", customers, duration, 2, id =>
            metricsClient.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = id }, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
        return await Task.WhenAll(getCustomer, getMetrics);
    }

    private static async Task<RpcLatency> PacedAsync<T>(string rpc, long customers, TimeSpan duration, int seed, Func<string, Task<T>> call, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var latencies = new List<double>();
        long failures = 0;
        var started = Stopwatch.GetTimestamp();
        var next = TimeSpan.Zero;
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            var wait = next - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            next += Pace;
            var id = SyntheticBook.CustomerId(random.NextInt64(customers));
            var callStarted = Stopwatch.GetTimestamp();
            try
            {
                await call(id);
            }
            catch (RpcException)
            {
                failures++;
            }

            latencies.Add(Stopwatch.GetElapsedTime(callStarted).TotalMilliseconds);
        }

        latencies.Sort();
        return new RpcLatency(rpc, latencies.Count, failures, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Count == 0 ? 0 : latencies[^1]);
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
