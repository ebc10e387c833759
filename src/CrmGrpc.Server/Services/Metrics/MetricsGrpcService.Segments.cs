using System.Security.Cryptography;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Server.Application;
using CrmGrpc.Server.Paging;
using Google.Protobuf;
using Grpc.Core;

namespace CrmGrpc.Server.Services.Metrics;

// SegmentCustomers: CLV tiers, RFM scores and the at-risk list, paged.
public sealed partial class MetricsGrpcService
{
    private static readonly double[] DefaultTierQuantiles = [0.5, 0.8, 0.95];

    /// <summary>
    /// Each page is one streaming pass over the selected customers keeping the page's best items (O(page)
    /// memory) and every customer's historical CLV (8 bytes each) for the quantiles. Tiers and at-risk are
    /// ordered by historical CLV descending then id; RFM by id. Page tokens carry the last item's position.
    /// </summary>
    public override async Task<SegmentCustomersResponse> SegmentCustomers(SegmentCustomersRequest request, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var quantiles = request.TierQuantiles.Count == 0 ? DefaultTierQuantiles : request.TierQuantiles.ToArray();
        var pAliveBelow = request.HasProbabilityAliveBelow ? request.ProbabilityAliveBelow : 0.5;
        var valueQuantile = request.HasMinValueQuantile ? request.MinValueQuantile : 0.8;
        ValidateSegmentation(request, quantiles, pAliveBelow, valueQuantile);
        var size = PageToken.Size(request.PageSize, options.Value.DefaultPageSize, options.Value.MaxPageSize);
        var fingerprint = Fingerprint(request);
        var position = PageToken.Decode(request.PageToken, nameof(SegmentCustomers), fingerprint);
        var byValue = request.Kind != SegmentationKind.Rfm;
        var after = position is null ? null : ParsePosition(position, byValue);

        var settings = await customerContext.SettingsAsync(new CustomerMetricsQuery(
            request.ModelId, request.AsOf, null, null, null, request.HealthWeights), cancellationToken);
        if (request.Kind == SegmentationKind.AtRisk && settings.Model is null)
        {
            throw new FailedPreconditionException("the at-risk list needs P(alive): fit a model first (ModelService.FitModels)");
        }

        var order = byValue ? ByValueThenId : ById;
        var page = new TopK<CustomerSegment>(size + 1, order);
        var allValues = new List<double>();
        var candidateValues = new List<double>();
        long scored = 0;
        await foreach (var facts in scans.ScanAsync(ToSelection(request.Filter), settings.AsOf, settings.Model?.TakesPeriods ?? false, cancellationToken))
        {
            var metrics = CustomerMetricsCalculator.Compute(facts, settings);
            allValues.Add(metrics.HistoricalClv);
            var segment = new CustomerSegment { CustomerId = metrics.CustomerId, HistoricalClv = metrics.HistoricalClv, Rfm = metrics.Rfm, Health = metrics.Health };
            if (metrics.HasProbabilityAlive)
            {
                segment.ProbabilityAlive = metrics.ProbabilityAlive;
            }

            if (request.Kind == SegmentationKind.AtRisk)
            {
                if (!(segment.HasProbabilityAlive && segment.ProbabilityAlive < pAliveBelow))
                {
                    continue;
                }

                candidateValues.Add(segment.HistoricalClv);
            }
            else if (request.Kind == SegmentationKind.Rfm)
            {
                if (segment.Rfm is null)
                {
                    continue; // no purchase: no RFM score
                }

                scored++;
            }

            if (after is null || order.Compare(segment, after) > 0)
            {
                page.Offer(segment);
            }
        }

        allValues.Sort();
        var thresholds = allValues.Count == 0 ? [] : quantiles.Select(q => Quantiles.Of(allValues, q)).ToList();
        var items = page.Ordered();
        long total = request.Kind == SegmentationKind.Rfm ? scored : allValues.Count;
        if (request.Kind == SegmentationKind.AtRisk)
        {
            // Ordered by value descending: whatever falls below the value floor is at the end, and everything not
            // kept is lower still, so dropping those items is exact.
            var floor = allValues.Count == 0 ? double.PositiveInfinity : Quantiles.Of(allValues, valueQuantile);
            items = items.Where(i => i.HistoricalClv >= floor).ToList();
            total = candidateValues.Count(v => v >= floor);
        }

        var response = new SegmentCustomersResponse { TotalSize = total };
        response.TierThresholds.AddRange(thresholds);
        foreach (var item in items.Take(size))
        {
            item.ClvTier = thresholds.Count + 1 - thresholds.Count(t => t <= item.HistoricalClv);
            response.Customers.Add(item);
        }

        if (items.Count > size)
        {
            var last = items[size - 1];
            response.NextPageToken = PageToken.Encode(nameof(SegmentCustomers), fingerprint, byValue
                ? PageToken.Position(last.HistoricalClv, last.CustomerId)
                : last.CustomerId);
        }

        return response;
    }

    private static readonly IComparer<CustomerSegment> ByValueThenId = Comparer<CustomerSegment>.Create((a, b) =>
    {
        var byValue = b.HistoricalClv.CompareTo(a.HistoricalClv);
        return byValue != 0 ? byValue : string.CompareOrdinal(a.CustomerId, b.CustomerId);
    });

    private static readonly IComparer<CustomerSegment> ById = Comparer<CustomerSegment>.Create((a, b) => string.CompareOrdinal(a.CustomerId, b.CustomerId));

    private static void ValidateSegmentation(SegmentCustomersRequest request, double[] quantiles, double pAliveBelow, double valueQuantile)
    {
        var violations = new List<FieldViolation>();
        if (request.Kind is not (SegmentationKind.ClvTiers or SegmentationKind.Rfm or SegmentationKind.AtRisk))
        {
            violations.Add(new FieldViolation("kind", "must be SEGMENTATION_KIND_CLV_TIERS, _RFM or _AT_RISK"));
        }

        if (quantiles.Any(q => !(q is > 0 and < 1)) || quantiles.Zip(quantiles.Skip(1)).Any(p => p.Second <= p.First))
        {
            violations.Add(new FieldViolation("tier_quantiles", "must be strictly ascending values in (0, 1)"));
        }

        if (!(pAliveBelow is > 0 and < 1))
        {
            violations.Add(new FieldViolation("probability_alive_below", $"must be in (0, 1), was {pAliveBelow}"));
        }

        if (!(valueQuantile is >= 0 and < 1))
        {
            violations.Add(new FieldViolation("min_value_quantile", $"must be in [0, 1), was {valueQuantile}"));
        }

        RequestChecks.ThrowIfInvalid(violations, "");
    }

    /// <summary>The request without its paging fields: a page token only continues the query it came from.</summary>
    private static string Fingerprint(SegmentCustomersRequest request)
    {
        var query = request.Clone();
        query.PageToken = "";
        query.PageSize = 0;
        return Convert.ToHexString(SHA256.HashData(query.ToByteArray()), 0, 12);
    }

    private static CustomerSegment ParsePosition(string position, bool byValue)
    {
        if (!byValue)
        {
            return new CustomerSegment { CustomerId = position };
        }

        var (value, id) = PageToken.ReadDoublePosition(position);
        return new CustomerSegment { HistoricalClv = value, CustomerId = id };
    }
}
