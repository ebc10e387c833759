using System.Diagnostics;
using System.Threading.Channels;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Server.Application;
using CrmGrpc.Server.Telemetry;
using Google.Protobuf;
using Grpc.Core;

namespace CrmGrpc.Server.Services.Metrics;

// GetCustomerMetrics and StreamCustomerMetrics: per-customer metrics, one or in bulk.
public sealed partial class MetricsGrpcService
{
    private const int DefaultBatchSize = 1000;
    private const int InFlightBatches = 4;
    private const int MaxBatchSize = 5000;
    private const int MaxFilterIds = 100_000;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    public override async Task<GetCustomerMetricsResponse> GetCustomerMetrics(GetCustomerMetricsRequest request, ServerCallContext context)
    {
        if (request.CustomerId.Length == 0)
        {
            throw new InvalidArgumentException("customer_id", "is required");
        }

        var settings = await customerContext.SettingsAsync(new CustomerMetricsQuery(
            request.ModelId, request.AsOf, request.HasHorizon ? request.Horizon : null,
            request.HasMonthlyDiscountRate ? request.MonthlyDiscountRate : null, request.HasMargin ? request.Margin : null,
            request.HealthWeights, request.ChurnDefinition), context.CancellationToken);
        await foreach (var facts in scans.ScanAsync(new CustomerSelection(CustomerIds: [request.CustomerId]), settings.AsOf, settings.Model?.TakesPeriods ?? false, context.CancellationToken))
        {
            // CustomerMetrics and GetCustomerMetricsResponse share their field numbers: one is the other on the wire.
            var response = GetCustomerMetricsResponse.Parser.ParseFrom(CustomerMetricsCalculator.Compute(facts, settings).ToByteString());
            response.ChurnDefinition = RequestChecks.ToProto(settings.Churn);
            return response;
        }

        throw new NotFoundException("customer", request.CustomerId);
    }

    public override async Task StreamCustomerMetrics(
        StreamCustomerMetricsRequest request, IServerStreamWriter<StreamCustomerMetricsResponse> responseStream, ServerCallContext context)
    {
        using var activity = CrmMetrics.ActivitySource.StartActivity("crm.recalculation");
        var started = Stopwatch.GetTimestamp();
        try
        {
            await RecalculateAsync(request, responseStream, context.CancellationToken);
            CrmMetrics.RecordRecalculation(started, failure: null);
        }
        catch (Exception failure)
        {
            CrmMetrics.RecordRecalculation(started, failure);
            CrmMetrics.Fail(activity, failure);
            throw;
        }
    }

    /// <summary>StreamCustomerMetrics without the telemetry of a call (<see cref="Hosting.MetricsWarmUp"/> runs it on no customer).</summary>
    internal async Task RecalculateAsync(
        StreamCustomerMetricsRequest request, IServerStreamWriter<StreamCustomerMetricsResponse> responseStream, CancellationToken cancellationToken)
    {
        var batchSize = request.BatchSize == 0 ? DefaultBatchSize : request.BatchSize;
        if (batchSize is < 1 or > MaxBatchSize)
        {
            throw new InvalidArgumentException("batch_size", $"must be between 1 and {MaxBatchSize}, was {request.BatchSize}");
        }

        var selection = ToSelection(request.Filter);
        var pending = await customerContext.BeginSettingsAsync(new CustomerMetricsQuery(
            request.ModelId, request.AsOf, request.HasHorizon ? request.Horizon : null,
            request.HasMonthlyDiscountRate ? request.MonthlyDiscountRate : null, request.HasMargin ? request.Margin : null,
            null, request.ChurnDefinition), cancellationToken);
        var settings = pending.Settings;
        // Counted beside the scan, as the RFM distribution is read: the first progress message waits for the count,
        // the first batch's computation for the distribution; the scan waits for neither.
        var counted = Task.Factory.StartNew(
            () => scans.CountAsync(selection, cancellationToken), cancellationToken, TaskCreationOptions.DenyChildAttach, TaskScheduler.Current).Unwrap();
        long? runKey = request.RunName.Length > 0
            ? await models.CreateRunAsync(request.RunName, pending.Model?.Id ?? "", pending.AsOf, time.GetUtcNow(), cancellationToken)
            : null;

        var started = Stopwatch.GetTimestamp();
        var lastProgress = started;
        long done = 0;
        long total = 0;
        async Task ProgressAsync(CancellationToken token) => await responseStream.WriteAsync(new StreamCustomerMetricsResponse
        {
            Progress = new RecalculationProgress
            {
                Done = done,
                Total = total,
                CustomersPerSecond = done / Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 1e-9),
                ChurnDefinition = RequestChecks.ToProto(pending.Churn),
            },
        }, token);

        // Three stages overlap: this loop scans, batches are computed on the heavy threads across every core, and
        // one writer sends them in scan order. A few batches in flight at most, so memory does not grow with the book.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var computed = Channel.CreateBounded<Task<(CustomerMetrics[] Results, CustomerFacts[] Facts)>>(
            new BoundedChannelOptions(InFlightBatches) { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            try
            {
                total = await counted.WaitAsync(stop.Token);
                await ProgressAsync(stop.Token);
                await foreach (var pending in computed.Reader.ReadAllAsync(stop.Token))
                {
                    var (results, facts) = await pending;
                    if (runKey is { } key)
                    {
                        await models.AppendRunResultsAsync(key, results.Select((m, i) => new RunResult(facts[i].Key, m.HistoricalClv,
                            m.HasPredictiveClv ? m.PredictiveClv : null,
                            m.HasProbabilityAlive ? m.ProbabilityAlive : null,
                            m.HasExpectedPurchases ? m.ExpectedPurchases : null)).ToList(), stop.Token);
                    }

                    await responseStream.WriteAsync(new StreamCustomerMetricsResponse { Batch = new CustomerMetricsBatch { Customers = { results } } }, stop.Token);
                    done += results.Length;
                    if (Stopwatch.GetElapsedTime(lastProgress) >= ProgressInterval)
                    {
                        lastProgress = Stopwatch.GetTimestamp();
                        await ProgressAsync(stop.Token);
                    }
                }
            }
            catch
            {
                // The scan stops too; the writer's failure is the one reported.
                await stop.CancelAsync();
                throw;
            }
        }, CancellationToken.None);

        try
        {
            var scanned = new List<CustomerFacts>(batchSize);
            await foreach (var facts in scans.ScanAsync(selection, pending.AsOf, pending.Model?.TakesPeriods ?? false, stop.Token))
            {
                scanned.Add(facts.Snapshot());
                if (scanned.Count == batchSize)
                {
                    await computed.Writer.WriteAsync(Compute(scanned.ToArray()), stop.Token);
                    scanned.Clear();
                }
            }

            if (scanned.Count > 0)
            {
                await computed.Writer.WriteAsync(Compute(scanned.ToArray()), stop.Token);
            }

            computed.Writer.Complete();
        }
        catch (Exception exception)
        {
            computed.Writer.TryComplete(exception);
            await stop.CancelAsync();
            await writer.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            if (!writer.IsFaulted)
            {
                throw; // the scan failed or the call was cancelled
            }
        }

        await writer; // rethrows the writer's failure (a lost client, a failed count, RFM read or batch)
        await ProgressAsync(cancellationToken);

        // On the scheduler this call runs on (the heavy threads), not the thread pool that interactive calls use.
        Task<(CustomerMetrics[] Results, CustomerFacts[] Facts)> Compute(CustomerFacts[] batch) =>
            Task.Factory.StartNew(async () => (ComputeAll(batch, await settings), batch), stop.Token, TaskCreationOptions.DenyChildAttach, TaskScheduler.Current).Unwrap();
    }

    internal static CustomerMetrics[] ComputeAll(CustomerFacts[] batch, CustomerMetricsSettings settings)
    {
        var results = new CustomerMetrics[batch.Length];
        Parallel.For(0, batch.Length, new ParallelOptions { TaskScheduler = TaskScheduler.Current }, i => results[i] = CustomerMetricsCalculator.Compute(batch[i], settings));
        return results;
    }

    private static CustomerSelection ToSelection(CustomerFilter? filter)
    {
        if (filter is null)
        {
            return CustomerSelection.All;
        }

        if (filter.CustomerIds.Count > MaxFilterIds)
        {
            throw new InvalidArgumentException("filter.customer_ids", $"at most {MaxFilterIds} ids, was {filter.CustomerIds.Count}");
        }

        return new CustomerSelection(
            filter.Segment.Length == 0 ? null : filter.Segment,
            filter.Channel.Length == 0 ? null : filter.Channel,
            filter.CustomerIds.Count == 0 ? null : filter.CustomerIds.ToList());
    }
}
