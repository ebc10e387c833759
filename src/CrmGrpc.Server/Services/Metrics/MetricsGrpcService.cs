using CrmGrpc.Contracts.V1;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Application;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Options;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.Options;
using DomainGranularity = CrmGrpc.Domain.Metrics.Granularity;
using Granularity = CrmGrpc.Contracts.V1.Granularity;
using ChurnDefinition = CrmGrpc.Domain.Metrics.ChurnDefinition;
using PortfolioMetrics = CrmGrpc.Contracts.V1.PortfolioMetrics;

namespace CrmGrpc.Server.Services.Metrics;

/// <summary>
/// crm.v1.MetricsService: validates, reads sums through the repositories, computes with the domain
/// calculators, maps. RPCs not overridden here answer UNIMPLEMENTED until built.
/// </summary>
public sealed partial class MetricsGrpcService(
    IPortfolioRepository portfolio,
    ICohortRepository cohorts,
    IDataQualityRepository quality,
    ICustomerScanRepository scans,
    IModelRepository models,
    CustomerMetricsContext customerContext,
    TimeProvider time,
    IOptions<CrmOptions> options)
    : MetricsService.MetricsServiceBase
{
    public override Task<CalculateClvResponse> CalculateClv(CalculateClvRequest request, ServerCallContext context)
    {
        var inputs = new ClvInputs(
            request.AveragePurchaseValue,
            request.PurchasesPerYear,
            request.HasLifespanYears ? request.LifespanYears : null,
            request.HasMargin ? request.Margin : 1,
            request.HasAnnualDiscountRate ? request.AnnualDiscountRate : 0,
            request.HasRetentionRate ? request.RetentionRate : null);
        var result = ClvCalculator.Calculate(inputs);
        var echoed = request.Clone();
        echoed.Margin = inputs.Margin;
        echoed.AnnualDiscountRate = inputs.AnnualDiscountRate;
        return Task.FromResult(new CalculateClvResponse { Clv = result.Clv, AnnualValue = result.AnnualValue, Method = result.Method, Inputs = echoed });
    }

    public override async Task<GetPortfolioMetricsResponse> GetPortfolioMetrics(GetPortfolioMetricsRequest request, ServerCallContext context)
    {
        var period = RequestChecks.ToPeriod(request.Period, "period");
        var grouping = ToGrouping(request.GroupBy);
        var churn = ChurnDefinitionOf(request.ChurnDefinition);
        var (overall, groups) = await ComputeAsync(period, grouping, churn, context.CancellationToken);
        var response = MetricsMapper.ToResponse(overall);
        response.Period = request.Period;
        response.ChurnDefinition = RequestChecks.ToProto(churn);
        response.Groups.AddRange(groups.Select(g => new PortfolioGroup { Key = g.Key, Metrics = g.Metrics }));
        return response;
    }

    public override async Task<GetMetricSeriesResponse> GetMetricSeries(GetMetricSeriesRequest request, ServerCallContext context)
    {
        var range = RequestChecks.ToPeriod(request.Range, "range");
        var grouping = ToGrouping(request.GroupBy);
        if (request.Granularity == Granularity.Unspecified)
        {
            throw new InvalidArgumentException("granularity", "is required");
        }

        var wanted = request.Metrics.ToHashSet();
        if (wanted.Any(m => m == PortfolioMetric.Unspecified || !Enum.IsDefined(m)))
        {
            throw new InvalidArgumentException("metrics", "contains PORTFOLIO_METRIC_UNSPECIFIED or an unknown metric");
        }

        var churn = ChurnDefinitionOf(request.ChurnDefinition);
        var response = new GetMetricSeriesResponse { ChurnDefinition = RequestChecks.ToProto(churn) };
        foreach (var bucket in CalendarBuckets.Split(range, (DomainGranularity)request.Granularity))
        {
            // Each bucket's churn is taken as of its own end.
            var (overall, groups) = await ComputeAsync(bucket, grouping, churn, context.CancellationToken);
            var protoBucket = new Period { Start = ProtoTime.ToTimestamp(bucket.Start), End = ProtoTime.ToTimestamp(bucket.End) };
            response.Points.Add(new MetricSeriesPoint { Bucket = protoBucket, Metrics = KeepOnly(overall, wanted) });
            response.Points.AddRange(groups.Select(g => new MetricSeriesPoint { Bucket = protoBucket, GroupKey = g.Key, Metrics = KeepOnly(g.Metrics, wanted) }));
        }

        return response;
    }

    /// <summary>The whole book's metrics and, when grouped, each group's, ordered by key.</summary>
    private async Task<(PortfolioMetrics Overall, List<(string Key, PortfolioMetrics Metrics)> Groups)> ComputeAsync(
        Domain.Period period, Grouping grouping, ChurnDefinition churn, CancellationToken cancellationToken)
    {
        var sums = await portfolio.ReadAsync(period, grouping, churn, cancellationToken);
        var minorPerMajor = Currencies.MinorUnitsPerMajor(options.Value.Currency);
        var settings = new PortfolioSettings(options.Value.MinChurnedForObservedLifespan, churn);

        var allCells = new Dictionary<string, CustomerCell>(StringComparer.Ordinal);
        var allEngagement = new EngagementCell();
        foreach (var channels in sums.Customers.Values)
        {
            foreach (var (channel, cell) in channels)
            {
                if (!allCells.TryGetValue(channel, out var merged))
                {
                    allCells[channel] = merged = new CustomerCell();
                }

                merged.Add(cell);
            }
        }

        foreach (var engagement in sums.Engagement.Values)
        {
            allEngagement.Add(engagement);
        }

        var overall = MetricsMapper.ToProto(PortfolioCalculator.Calculate(period, "", allCells, allEngagement, sums.Spend, minorPerMajor, settings));
        var groups = new List<(string, PortfolioMetrics)>();
        if (grouping.Dimension != GroupDimension.None)
        {
            foreach (var key in sums.Customers.Keys.Union(sums.Engagement.Keys).Order(StringComparer.Ordinal))
            {
                var cells = sums.Customers.GetValueOrDefault(key) ?? [];
                var engagement = sums.Engagement.GetValueOrDefault(key) ?? new EngagementCell();
                var spend = grouping.Dimension == GroupDimension.Channel
                    ? sums.Spend.Where(s => s.Key == key).ToDictionary(StringComparer.Ordinal)
                    : null;
                groups.Add((key, MetricsMapper.ToProto(PortfolioCalculator.Calculate(period, key, cells, engagement, spend, minorPerMajor, settings))));
            }
        }

        return (overall, groups);
    }

    /// <summary>The request's churn definition, or the server default (<c>Crm:Churn:InactivityDays</c>).</summary>
    private ChurnDefinition ChurnDefinitionOf(Contracts.V1.ChurnDefinition? requested) =>
        RequestChecks.ToChurnDefinition(requested, options.Value.Churn.InactivityDays);

    private static Grouping ToGrouping(GroupBy? groupBy)
    {
        if (groupBy is null)
        {
            return Grouping.None;
        }

        if (!Enum.IsDefined(groupBy.Dimension))
        {
            throw new InvalidArgumentException("group_by.dimension", "is not a known dimension");
        }

        return Grouping.Create((GroupDimension)groupBy.Dimension, groupBy.AttributeKey);
    }

    /// <summary>Clears the metrics not asked for: PortfolioMetric values are PortfolioMetrics field numbers.</summary>
    private static PortfolioMetrics KeepOnly(PortfolioMetrics metrics, HashSet<PortfolioMetric> wanted)
    {
        if (wanted.Count == 0)
        {
            return metrics;
        }

        var wantedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metric in Enum.GetValues<PortfolioMetric>().Where(m => m != PortfolioMetric.Unspecified))
        {
            var field = PortfolioMetrics.Descriptor.FindFieldByNumber((int)metric);
            if (wanted.Contains(metric))
            {
                wantedNames.Add(field.JsonName);
            }
            else
            {
                field.Accessor.Clear(metrics);
            }
        }

        var keep = metrics.Unavailable.Where(u => wantedNames.Contains(u.Metric)).ToList();
        metrics.Unavailable.Clear();
        metrics.Unavailable.AddRange(keep);
        metrics.Channels.Clear();
        return metrics;
    }
}
