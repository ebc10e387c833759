using System.Diagnostics;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Server.Application;
using Google.Protobuf;
using Grpc.Core;

namespace CrmGrpc.Server.Services.Metrics;

// GetCustomerMetrics and StreamCustomerMetrics: per-customer metrics, one or in bulk.
public sealed partial class MetricsGrpcService
{
    private const int DefaultBatchSize = 1000;
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
            request.HealthWeights), context.CancellationToken);
        await foreach (var facts in scans.ScanAsync(new CustomerSelection(CustomerIds: [request.CustomerId]), settings.AsOf, context.CancellationToken))
        {
            // CustomerMetrics and GetCustomerMetricsResponse share their field numbers: one is the other on the wire.
            return GetCustomerMetricsResponse.Parser.ParseFrom(CustomerMetricsCalculator.Compute(facts, settings).ToByteString());
        }

        throw new NotFoundException("customer", request.CustomerId);
    }

    public override async Task StreamCustomerMetrics(
        StreamCustomerMetricsRequest request, IServerStreamWriter<StreamCustomerMetricsResponse> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var batchSize = request.BatchSize == 0 ? DefaultBatchSize : request.BatchSize;
        if (batchSize is < 1 or > MaxBatchSize)
        {
            throw new InvalidArgumentException("batch_size", $"must be between 1 and {MaxBatchSize}, was {request.BatchSize}");
        }

        var selection = ToSelection(request.Filter);
        var settings = await customerContext.SettingsAsync(new CustomerMetricsQuery(
            request.ModelId, request.AsOf, request.HasHorizon ? request.Horizon : null,
            request.HasMonthlyDiscountRate ? request.MonthlyDiscountRate : null, request.HasMargin ? request.Margin : null,
            null), cancellationToken);
        var total = await scans.CountAsync(selection, cancellationToken);
        long? runKey = request.RunName.Length > 0
            ? await models.CreateRunAsync(request.RunName, settings.Model?.Id ?? "", settings.AsOf, time.GetUtcNow(), cancellationToken)
            : null;

        var started = Stopwatch.GetTimestamp();
        var lastProgress = started;
        long done = 0;
        async Task ProgressAsync() => await responseStream.WriteAsync(new StreamCustomerMetricsResponse
        {
            Progress = new RecalculationProgress
            {
                Done = done,
                Total = total,
                CustomersPerSecond = done / Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 1e-9),
            },
        }, cancellationToken);

        await ProgressAsync();
        var batch = new CustomerMetricsBatch();
        var runResults = new List<RunResult>(runKey is null ? 0 : batchSize);
        async Task FlushAsync()
        {
            if (runKey is { } key)
            {
                await models.AppendRunResultsAsync(key, runResults, cancellationToken);
                runResults.Clear();
            }

            await responseStream.WriteAsync(new StreamCustomerMetricsResponse { Batch = batch }, cancellationToken);
            done += batch.Customers.Count;
            batch = new CustomerMetricsBatch();
            if (Stopwatch.GetElapsedTime(lastProgress) >= ProgressInterval)
            {
                lastProgress = Stopwatch.GetTimestamp();
                await ProgressAsync();
            }
        }

        await foreach (var facts in scans.ScanAsync(selection, settings.AsOf, cancellationToken))
        {
            var metrics = CustomerMetricsCalculator.Compute(facts, settings);
            batch.Customers.Add(metrics);
            if (runKey is not null)
            {
                runResults.Add(new RunResult(facts.Key, metrics.HistoricalClv,
                    metrics.HasPredictiveClv ? metrics.PredictiveClv : null,
                    metrics.HasProbabilityAlive ? metrics.ProbabilityAlive : null,
                    metrics.HasExpectedPurchases ? metrics.ExpectedPurchases : null));
            }

            if (batch.Customers.Count == batchSize)
            {
                await FlushAsync();
            }
        }

        if (batch.Customers.Count > 0)
        {
            await FlushAsync();
        }

        await ProgressAsync();
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
