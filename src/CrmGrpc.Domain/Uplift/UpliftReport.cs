using CrmGrpc.Domain.Metrics;

namespace CrmGrpc.Domain.Uplift;

/// <summary>What <see cref="UpliftAnalysis.Run"/> needs: the request, already validated, and what the store holds.</summary>
public sealed record UpliftInput(
    UpliftMetric Metric,
    UpliftWindows Windows,
    GroupSelection TreatedSelection,
    GroupSelection? ControlSelection,
    UpliftObservations Observations,
    int BootstrapSamples,
    long Seed,
    bool Breakdown,
    int MinorPerMajor,
    DateTimeOffset Now);

/// <summary>
/// One group's metric before and after the change. <see cref="Baseline"/> and <see cref="Post"/> are means over
/// the group's customers in the reported unit; the uplift is post / baseline − 1 and the pre-trend second half /
/// first half − 1 of the baseline window, each with its 95 % percentile bootstrap interval when the group is
/// large enough and the ratio exists.
/// </summary>
public sealed record GroupEstimate(
    long Customers,
    double Baseline,
    double Post,
    MetricValue Uplift,
    Interval? UpliftInterval,
    MetricValue PreTrend,
    Interval? PreTrendInterval);

/// <summary>Treated uplift − control uplift, with the interval of the joint bootstrap when both groups have one.</summary>
public sealed record DifferenceInDifferencesEstimate(double Estimate, Interval? Interval);

/// <summary>The treated and control customers of one segment or channel; a side is null when it has none there.</summary>
public sealed record BreakdownCell(string Dimension, string Key, GroupEstimate? Treated, GroupEstimate? Control);

/// <summary>The answer, with the honesty checks' findings in <see cref="Warnings"/>.</summary>
public sealed record UpliftReport(
    UpliftWindows Windows,
    GroupEstimate Treated,
    GroupEstimate? Control,
    DifferenceInDifferencesEstimate? DifferenceInDifferences,
    IReadOnlyList<BreakdownCell> Breakdown,
    IReadOnlyList<string> Warnings);
