using CrmGrpc.Contracts.V1;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Uplift;
using CrmGrpc.Domain.Validation;
using CrmGrpc.Server.Mapping;
using CrmGrpc.Server.Options;
using Google.Protobuf.Collections;
using Grpc.Core;
using Microsoft.Extensions.Options;
using DomainMetric = CrmGrpc.Domain.Uplift.UpliftMetric;
using UpliftMetric = CrmGrpc.Contracts.V1.UpliftMetric;

namespace CrmGrpc.Server.Services;

/// <summary>
/// crm.v1.UpliftService: validates the request, finds the change, reads the per-customer window sums of both
/// groups in one snapshot, and leaves the statistics and honesty checks to <see cref="UpliftAnalysis"/>.
/// </summary>
public sealed class UpliftGrpcService(
    IUpliftRepository uplift, IEngagementRepository engagement, RequestChecks checks, TimeProvider time, IOptions<CrmOptions> options)
    : UpliftService.UpliftServiceBase
{
    /// <summary>Bad explicit ids reported per list; a long list of bad ids does not need all of them to be fixed.</summary>
    private const int MaxIdViolations = 10;

    public override async Task<MeasureUpliftResponse> MeasureUplift(MeasureUpliftRequest request, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var (metric, samples) = Validate(request);
        var change = await engagement.GetChangeAsync(request.ChangeId, cancellationToken)
            ?? throw new NotFoundException("crm change", request.ChangeId);
        var windows = UpliftWindows.Create(
            change.EffectiveAt, request.WindowDays, ProtoTime.ToOptionalInstant(request.BaselineStart), ProtoTime.ToOptionalInstant(request.PostEnd));

        var notes = new List<string>();
        var treated = Selection(request.TreatedSegment, request.TreatedCustomerIds) ?? ChangeGroup(change, notes);
        var control = Selection(request.ControlSegment, request.ControlCustomerIds);
        var observations = await uplift.ReadAsync(change.Id, windows, CustomerValues.NeedsHistory(metric), treated, control, cancellationToken);

        var input = new UpliftInput(
            metric, windows, treated, control, observations, samples, request.Seed, request.Breakdown,
            Currencies.MinorUnitsPerMajor(options.Value.Currency), time.GetUtcNow());
        var report = UpliftAnalysis.Run(input, cancellationToken);
        return ToResponse(report, notes);
    }

    /// <summary>Every field that can be checked without the change, all violations at once.</summary>
    private (DomainMetric Metric, int Samples) Validate(MeasureUpliftRequest request)
    {
        var fields = new FieldChecks(checks.Context()).Id("change_id", request.ChangeId);
        fields.Ensure(request.Metric != UpliftMetric.Unspecified && Enum.IsDefined(request.Metric), "metric",
            "is required: one of UPLIFT_METRIC_REVENUE_PER_CUSTOMER, UPLIFT_METRIC_PURCHASE_FREQUENCY, UPLIFT_METRIC_REPEAT_PURCHASE_RATE, UPLIFT_METRIC_HISTORICAL_CLV");
        CheckGroup(fields, "treated", request.TreatedSegment, request.TreatedCustomerIds);
        CheckGroup(fields, "control", request.ControlSegment, request.ControlCustomerIds);
        if (request.BootstrapSamples != 0)
        {
            fields.InRange("bootstrap_samples", request.BootstrapSamples, UpliftAnalysis.MinBootstrapSamples, UpliftAnalysis.MaxBootstrapSamples);
        }

        var violations = fields.Violations.Concat(UpliftWindows.ShapeViolations(
            request.WindowDays, ProtoTime.ToOptionalInstant(request.BaselineStart), ProtoTime.ToOptionalInstant(request.PostEnd))).ToList();
        RequestChecks.ThrowIfInvalid(violations, "");
        return ((DomainMetric)request.Metric, request.BootstrapSamples == 0 ? UpliftAnalysis.DefaultBootstrapSamples : request.BootstrapSamples);
    }

    private static void CheckGroup(FieldChecks fields, string group, string segment, RepeatedField<string> ids)
    {
        fields.Text($"{group}_segment", segment);
        fields.Ensure(segment.Length == 0 || ids.Count == 0, $"{group}_customer_ids", $"give {group}_segment or {group}_customer_ids, not both");
        var bad = 0;
        for (var i = 0; i < ids.Count && bad < MaxIdViolations; i++)
        {
            var before = fields.Violations.Count;
            fields.Id($"{group}_customer_ids[{i}]", ids[i], "customer id");
            bad += fields.Violations.Count - before;
        }
    }

    private static GroupSelection? Selection(string segment, RepeatedField<string> ids) =>
        segment.Length > 0 ? GroupSelection.OfSegment(segment)
        : ids.Count > 0 ? GroupSelection.OfCustomers(ids)
        : null;

    /// <summary>The change's own treated group: its explicit customers, else its segment, else (book-wide) everyone.</summary>
    private static GroupSelection ChangeGroup(Domain.Entities.CrmChange change, List<string> notes)
    {
        if (change.TreatedCustomerIds.Count > 0)
        {
            if (change.TreatedSegment.Length > 0)
            {
                notes.Add($"Change '{change.Id}' records both a treated segment ('{change.TreatedSegment}') and treated customers: the treated group is its {change.TreatedCustomerIds.Count} listed customers.");
            }

            return GroupSelection.OfCustomers(change.TreatedCustomerIds);
        }

        if (change.TreatedSegment.Length > 0)
        {
            return GroupSelection.OfSegment(change.TreatedSegment);
        }

        notes.Add($"Change '{change.Id}' names no treated segment or customers: it is book-wide, so the treated group is every customer.");
        return GroupSelection.Everyone;
    }

    private static MeasureUpliftResponse ToResponse(UpliftReport report, List<string> notes)
    {
        var response = new MeasureUpliftResponse
        {
            Treated = ToProto(report.Treated),
            Control = report.Control is { } control ? ToProto(control) : null,
            BaselineStart = ProtoTime.ToTimestamp(report.Windows.BaselineStart),
            EffectiveAt = ProtoTime.ToTimestamp(report.Windows.EffectiveAt),
            PostEnd = ProtoTime.ToTimestamp(report.Windows.PostEnd),
        };

        // The contract's interval fields are required: an estimate without an interval is reported in the warnings only.
        if (report.DifferenceInDifferences is { Interval: { } interval } difference)
        {
            response.DifferenceInDifferences = new DifferenceInDifferences
            {
                Estimate = difference.Estimate,
                CiLower = interval.Lower,
                CiUpper = interval.Upper,
            };
        }

        if (report.Treated.PreTrend.Value is { } treatedPreTrend)
        {
            response.TreatedPreTrend = treatedPreTrend;
        }

        if (report.Control?.PreTrend.Value is { } controlPreTrend)
        {
            response.ControlPreTrend = controlPreTrend;
        }

        response.Warnings.AddRange(notes);
        response.Warnings.AddRange(report.Warnings);
        response.Breakdown.AddRange(report.Breakdown.Select(cell => new UpliftBreakdown
        {
            Dimension = cell.Dimension,
            Key = cell.Key,
            Treated = cell.Treated is { } t ? ToProto(t) : null,
            Control = cell.Control is { } c ? ToProto(c) : null,
        }));
        return response;
    }

    private static UpliftGroupResult ToProto(GroupEstimate estimate)
    {
        var result = new UpliftGroupResult { Baseline = estimate.Baseline, Post = estimate.Post, Customers = estimate.Customers };
        if (estimate.Uplift.Value is { } value)
        {
            result.Uplift = value;
        }

        if (estimate.UpliftInterval is { } interval)
        {
            result.CiLower = interval.Lower;
            result.CiUpper = interval.Upper;
        }

        return result;
    }
}
