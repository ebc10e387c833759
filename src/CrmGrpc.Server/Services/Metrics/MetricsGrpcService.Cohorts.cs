using CrmGrpc.Contracts.V1;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Mapping;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using DomainGranularity = CrmGrpc.Domain.Metrics.Granularity;
using Granularity = CrmGrpc.Contracts.V1.Granularity;

namespace CrmGrpc.Server.Services.Metrics;

// GetCohortRetention: the acquisition cohorts × periods since acquisition matrix.
public sealed partial class MetricsGrpcService
{
    public override async Task<GetCohortRetentionResponse> GetCohortRetention(GetCohortRetentionRequest request, ServerCallContext context)
    {
        var range = RequestChecks.ToPeriod(request.Range, "range");
        var granularity = request.Granularity switch
        {
            Granularity.Month => DomainGranularity.Month,
            Granularity.Quarter => DomainGranularity.Quarter,
            _ => throw new InvalidArgumentException("granularity", "must be GRANULARITY_MONTH or GRANULARITY_QUARTER"),
        };
        var window = CohortWindow.Create(range, granularity, AsOfOrNow(request.AsOf));
        var sums = await cohorts.ReadAsync(window, context.CancellationToken);
        var rows = CohortRetention.Calculate(window, sums, Currencies.MinorUnitsPerMajor(options.Value.Currency));
        var response = new GetCohortRetentionResponse();
        response.Cohorts.AddRange(rows.Select(ToProto));
        return response;
    }

    /// <summary>The request's as-of date, or the injected clock's now, to the millisecond the store keeps.</summary>
    private DateTimeOffset AsOfOrNow(Timestamp? asOf) =>
        asOf is null ? DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()) : ProtoTime.ToInstant(asOf);

    private static Cohort ToProto(CohortRow row)
    {
        var cohort = new Cohort
        {
            Acquired = new Period { Start = ProtoTime.ToTimestamp(row.Acquired.Start), End = ProtoTime.ToTimestamp(row.Acquired.End) },
            Customers = row.Customers,
        };
        cohort.Periods.AddRange(row.Periods.Select(p => new CohortPeriod
        {
            Index = p.Index,
            ActiveCustomers = p.ActiveCustomers,
            Retention = p.Retention,
            CumulativeRevenuePerCustomer = p.CumulativeRevenuePerCustomer,
        }));
        return cohort;
    }
}
