using CrmGrpc.Contracts.V1;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Validation;
using Grpc.Core;

namespace CrmGrpc.Server.Services.Metrics;

// GetDataQualityReport: one finding per check with a non-zero count.
public sealed partial class MetricsGrpcService
{
    public override async Task<GetDataQualityReportResponse> GetDataQualityReport(GetDataQualityReportRequest request, ServerCallContext context)
    {
        var sampleSize = DataQualityReport.SampleSize(request.SampleSize);
        var facts = await quality.ReadAsync(AsOfOrNow(request.AsOf), sampleSize, context.CancellationToken);
        var currency = options.Value.Currency;
        var response = new GetDataQualityReportResponse();
        response.Findings.AddRange(DataQualityReport.Build(facts, currency, Currencies.MinorUnitsPerMajor(currency)).Select(ToProto));
        return response;
    }

    private static DataQualityFinding ToProto(QualityFinding finding)
    {
        var proto = new DataQualityFinding
        {
            Check = (DataQualityCheck)finding.Check,
            RejectionCode = finding.Code is { } code ? (RejectionCode)code : RejectionCode.Unspecified,
            Count = finding.Count,
            Description = finding.Description,
        };
        proto.SampleIds.AddRange(finding.SampleIds);
        return proto;
    }
}
