using System.Globalization;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Metrics;

namespace CrmGrpc.Domain.Uplift;

/// <summary>
/// "Did it work?" for a CRM change (METRICS.md, "Uplift from a CRM change"). Per group: the mean of the metric
/// over the group's customers in the baseline and the post window, uplift = post / baseline − 1, and a 95 %
/// percentile bootstrap interval over customers; with a control group, the difference in differences
/// (treated uplift − control uplift) with the interval of the joint bootstrap, both groups resampled
/// independently in the same replicate. Pure: the store's sums in, numbers and honesty warnings out.
/// <para>
/// Group membership is fixed at the change: customers acquired on or after the effective date have no baseline
/// and are left out (with a warning) instead of inflating the post window. Customers with no activity count as 0.
/// </para>
/// Honesty checks (each a sentence in <see cref="UpliftReport.Warnings"/>): explicit ids that are not stored,
/// customers left out for joining after the change or joining inside the baseline window, customers in both
/// groups (removed from the control), groups or breakdown cells under <see cref="MinCustomersForInterval"/>
/// (no interval), zero or negative baselines (no ratio), resamples with a zero denominator, other changes inside
/// the windows, windows of unequal length, windows running past the data or past now, and the pre-trend: the
/// uplift of the second half of the baseline window over the first, flagged above <see cref="PreTrendTolerance"/>
/// or when its interval excludes 0, plus the parallel-trends check of the difference in differences.
/// </summary>
public static class UpliftAnalysis
{
    public const int DefaultBootstrapSamples = 2000;

    public const int MinBootstrapSamples = 100;

    public const int MaxBootstrapSamples = 100_000;

    /// <summary>Below this many customers a percentile bootstrap interval is not trustworthy and is not given.</summary>
    public const int MinCustomersForInterval = 30;

    /// <summary>A pre-trend larger than this (either sign) is flagged.</summary>
    public const double PreTrendTolerance = 0.10;

    /// <summary>A gap between the data and a window's edge shorter than this is normal (a quiet day), not "past the data".</summary>
    public static readonly TimeSpan DataGapTolerance = TimeSpan.FromDays(1);

    private const ulong TreatedStream = 1;

    private const ulong ControlStream = 2;

    private const int ListedExamples = 5;

    public static UpliftReport Run(UpliftInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(input.BootstrapSamples, MinBootstrapSamples);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(input.BootstrapSamples, MaxBootstrapSamples);
        ArgumentOutOfRangeException.ThrowIfLessThan(input.MinorPerMajor, 1);

        var warnings = new List<string>();
        var windows = input.Windows;
        var treatedRows = Members("treated", input.TreatedSelection, input.Observations.Treated, windows, warnings);
        List<CustomerWindowSums>? controlRows = null;
        if (input.ControlSelection is { } controlSelection)
        {
            controlRows = Members("control", controlSelection, input.Observations.Control ?? [], windows, warnings);
            controlRows = WithoutTreated(treatedRows, controlRows, controlSelection, warnings);
        }

        RequireData("treated", input.TreatedSelection, treatedRows, input);
        if (controlRows is not null)
        {
            RequireData("control", input.ControlSelection!, controlRows, input);
        }

        CheckWindows(input, warnings);

        var estimator = new Estimator(input, cancellationToken);
        var treatedValues = estimator.Values(treatedRows);
        var treated = estimator.Fit(treatedValues, TreatedStream);
        Describe("treated", treated, input, warnings);
        GroupFit? control = null;
        CustomerValues[]? controlValues = null;
        if (controlRows is not null)
        {
            controlValues = estimator.Values(controlRows);
            control = estimator.Fit(controlValues, ControlStream);
            Describe("control", control, input, warnings);
        }

        var difference = control is null ? null : DifferenceInDifferences(treated, control, warnings);
        if (control is not null)
        {
            ParallelTrends(treated, control, warnings);
        }

        var breakdown = input.Breakdown
            ? Breakdown(estimator, treatedRows, treatedValues, treated, controlRows, controlValues, control, warnings)
            : [];

        return new UpliftReport(windows, treated.Estimate, control?.Estimate, difference, breakdown, warnings);
    }

    /// <summary>The resampled ratio: a zero denominator gives ±∞ (0/0 and a negative denominator are undefined, NaN).</summary>
    public static double ResampleRatio(double numerator, double denominator) => denominator switch
    {
        > 0 => (numerator / denominator) - 1,
        0 when numerator > 0 => double.PositiveInfinity,
        0 when numerator < 0 => double.NegativeInfinity,
        _ => double.NaN,
    };

    /// <summary>numerator / denominator − 1, absent with the reason when the denominator is zero or negative.</summary>
    public static MetricValue Ratio(double numerator, double denominator, string what) => denominator switch
    {
        > 0 => MetricValue.Of((numerator / denominator) - 1),
        0 => MetricValue.Unavailable($"the {what} is zero: no ratio"),
        _ => MetricValue.Unavailable($"the {what} is negative (refunds exceed purchases): a ratio to it is not an uplift"),
    };

    /// <summary>The group's stored customers who were customers before the change, in id order (so a seed always resamples the same list).</summary>
    private static List<CustomerWindowSums> Members(
        string label, GroupSelection selection, IReadOnlyList<CustomerWindowSums> rows, UpliftWindows windows, List<string> warnings)
    {
        if (selection.Kind == GroupSelectionKind.Customers)
        {
            var stored = rows.Select(r => r.CustomerId).ToHashSet(StringComparer.Ordinal);
            var missing = selection.CustomerIds.Where(id => !stored.Contains(id)).ToList();
            if (missing.Count > 0)
            {
                warnings.Add($"{missing.Count} of the {selection.CustomerIds.Count} {label}_customer_ids are not stored customers and are ignored: {Examples(missing.Select(id => $"'{id}'").ToList())}.");
            }
        }

        var joinedLate = rows.Count(r => r.AcquiredAt >= windows.EffectiveAt);
        var members = rows.Where(r => r.AcquiredAt < windows.EffectiveAt).OrderBy(r => r.CustomerId, StringComparer.Ordinal).ToList();
        if (members.Count == 0)
        {
            throw new FailedPreconditionException(rows.Count == 0
                ? $"the {label} group ({selection.Describe()}) has no customers"
                : $"the {label} group ({selection.Describe()}) has no customers acquired before the change's effective date {Format(windows.EffectiveAt)}");
        }

        if (joinedLate > 0)
        {
            warnings.Add($"{Customers(joinedLate)} of the {label} group {Were(joinedLate)} acquired on or after the change's effective date: left out, having no baseline.");
        }

        var joinedInBaseline = members.Count(r => r.AcquiredAt > windows.BaselineStart);
        if (joinedInBaseline > 0)
        {
            warnings.Add($"{Customers(joinedInBaseline)} of the {label} group {Were(joinedInBaseline)} acquired inside the baseline window: their baseline covers only part of it and holds their acquisition purchase, which biases the baseline (either way, depending on the metric).");
        }

        return members;
    }

    private static List<CustomerWindowSums> WithoutTreated(
        List<CustomerWindowSums> treated, List<CustomerWindowSums> control, GroupSelection controlSelection, List<string> warnings)
    {
        var treatedIds = treated.Select(r => r.CustomerId).ToHashSet(StringComparer.Ordinal);
        var kept = control.Where(r => !treatedIds.Contains(r.CustomerId)).ToList();
        var both = control.Count - kept.Count;
        if (both == 0)
        {
            return kept;
        }

        if (kept.Count == 0)
        {
            throw new FailedPreconditionException(
                $"the control group ({controlSelection.Describe()}) has no customers left once the {both} also in the treated group are removed");
        }

        warnings.Add($"{Customers(both)} {(both == 1 ? "is" : "are")} in both the treated and the control group: removed from the control group, which keeps {kept.Count}.");
        return kept;
    }

    /// <summary>FAILED_PRECONDITION when a group has no transactions at all in a window: its value there would be a made-up zero.</summary>
    private static void RequireData(string label, GroupSelection selection, List<CustomerWindowSums> rows, UpliftInput input)
    {
        var cumulative = CustomerValues.NeedsHistory(input.Metric);
        var windows = input.Windows;
        var what = $"the {label} group ({selection.Describe()}, {Customers(rows.Count)})";
        var baseline = rows.Sum(r => r.Baseline.Transactions + (cumulative ? r.Prior.Transactions : 0));
        if (baseline == 0)
        {
            throw new FailedPreconditionException(cumulative
                ? $"{what} has no transactions before the change's effective date {Format(windows.EffectiveAt)}"
                : $"{what} has no transactions in the baseline window {Format(windows.BaselineStart, windows.EffectiveAt)}");
        }

        if (rows.Sum(r => r.Post.Transactions) == 0)
        {
            throw new FailedPreconditionException($"{what} has no transactions in the post window {Format(windows.EffectiveAt, windows.PostEnd)}");
        }
    }

    private static void CheckWindows(UpliftInput input, List<string> warnings)
    {
        var windows = input.Windows;
        foreach (var other in input.Observations.OtherChanges
            .Where(c => c.EffectiveAt >= windows.BaselineStart && c.EffectiveAt < windows.PostEnd)
            .OrderBy(c => c.EffectiveAt).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            var where = other.EffectiveAt < windows.EffectiveAt ? "baseline" : "post";
            warnings.Add($"Change '{other.Id}' took effect at {Format(other.EffectiveAt)}, inside the {where} window: its effect is mixed into this measurement.");
        }

        if (windows.PostEnd > input.Now)
        {
            warnings.Add($"The post window ends at {Format(windows.PostEnd)}, after now ({Format(input.Now)}): the post period is not complete, so the post value is understated.");
        }

        if (input.Observations.LastTransaction is { } last && last < windows.PostEnd - DataGapTolerance)
        {
            warnings.Add($"The post window runs past the data: the last stored transaction is at {Format(last)}, {Days(windows.PostEnd - last)} days before the window's end {Format(windows.PostEnd)}.");
        }

        if (input.Observations.FirstTransaction is { } first && first > windows.BaselineStart + DataGapTolerance)
        {
            warnings.Add($"The baseline window starts before the data: the first stored transaction is at {Format(first)}, {Days(first - windows.BaselineStart)} days after the window's start {Format(windows.BaselineStart)}.");
        }

        var baselineDays = windows.Baseline.Length;
        var postDays = windows.Post.Length;
        if (baselineDays != postDays && !CustomerValues.NeedsHistory(input.Metric))
        {
            warnings.Add($"The baseline window is {Days(baselineDays)} days and the post window {Days(postDays)} days: the metric is a total over each window, so the uplift compares windows of different lengths.");
        }
    }

    private static void Describe(string label, GroupFit fit, UpliftInput input, List<string> warnings)
    {
        var estimate = fit.Estimate;
        if (estimate.Uplift.Reason is { } noUplift)
        {
            warnings.Add($"No {label} uplift: {noUplift}.");
        }
        else if (estimate.Customers < MinCustomersForInterval)
        {
            warnings.Add($"The {label} group has {Customers(estimate.Customers)}, fewer than {MinCustomersForInterval}: its uplift has no bootstrap interval.");
        }
        else
        {
            NoteResamples($"the {label} uplift", fit.UpliftResult, input.BootstrapSamples, warnings);
        }

        if (estimate.PreTrend.Value is not { } preTrend)
        {
            warnings.Add($"No {label} pre-trend: {estimate.PreTrend.Reason}.");
            return;
        }

        if (CustomerValues.NeedsHistory(input.Metric))
        {
            warnings.Add($"The {label} pre-trend is {Percent(preTrend)}: HISTORICAL_CLV is cumulative, so it grows from the first half of the baseline window to the second by construction and is not checked against zero; compare the treated and control pre-trends instead.");
            return;
        }

        var interval = estimate.PreTrendInterval;
        if (Math.Abs(preTrend) > PreTrendTolerance || interval is { ExcludesZero: true })
        {
            var ci = interval is { } i ? $" (95 % CI {Format(i)})" : "";
            var why = Math.Abs(preTrend) > PreTrendTolerance ? $"beyond ±{Percent(PreTrendTolerance, signed: false)}" : "and its interval excludes 0";
            warnings.Add($"The {label} group has a pre-trend: the second half of the baseline window is {Percent(preTrend)} on the first{ci}, {why}. A trend already under way before the change is read as uplift unless a control group shares it.");
        }
    }

    private static void NoteResamples(string what, PercentileResult? result, int samples, List<string> warnings)
    {
        if (result is not { } r)
        {
            return;
        }

        if (r.Interval is null)
        {
            warnings.Add($"No interval for {what}: {r.Reason}.");
        }
        else if (r.Undefined > 0 || r.Unbounded > 0)
        {
            warnings.Add($"For {what}, {r.Undefined + r.Unbounded} of {samples} resamples had a zero or negative denominator ({r.Unbounded} counted as infinite in the tails, {r.Undefined} undefined and left out).");
        }
    }

    private static DifferenceInDifferencesEstimate? DifferenceInDifferences(GroupFit treated, GroupFit control, List<string> warnings)
    {
        if (treated.Estimate.Uplift.Value is not { } treatedUplift || control.Estimate.Uplift.Value is not { } controlUplift)
        {
            var missing = treated.Estimate.Uplift.HasValue ? "control" : "treated";
            warnings.Add($"No difference in differences: the {missing} uplift is absent.");
            return null;
        }

        var estimate = treatedUplift - controlUplift;
        if (treated.Replicates is not { } t || control.Replicates is not { } c)
        {
            var small = treated.Replicates is null ? "treated" : "control";
            warnings.Add($"The difference in differences ({Percent(estimate)}) has no bootstrap interval: the {small} group has fewer than {MinCustomersForInterval} customers.");
            return new(estimate, null);
        }

        var statistics = new double[t.Length];
        for (var b = 0; b < statistics.Length; b++)
        {
            statistics[b] = ResampleRatio(t[b].Post, t[b].Baseline) - ResampleRatio(c[b].Post, c[b].Baseline);
        }

        var result = PercentileInterval.Of(statistics);
        if (result.Interval is null)
        {
            warnings.Add($"The difference in differences ({Percent(estimate)}) has no bootstrap interval: {result.Reason}.");
        }

        return new(estimate, result.Interval);
    }

    /// <summary>The assumption behind the difference in differences: without the change, both groups would have moved alike.</summary>
    private static void ParallelTrends(GroupFit treated, GroupFit control, List<string> warnings)
    {
        if (treated.Estimate.PreTrend.Value is not { } t || control.Estimate.PreTrend.Value is not { } c
            || treated.Replicates is not { } tr || control.Replicates is not { } cr)
        {
            return;
        }

        var statistics = new double[tr.Length];
        for (var b = 0; b < statistics.Length; b++)
        {
            statistics[b] = ResampleRatio(tr[b].Late, tr[b].Early) - ResampleRatio(cr[b].Late, cr[b].Early);
        }

        if (PercentileInterval.Of(statistics).Interval is { ExcludesZero: true } interval)
        {
            warnings.Add($"The treated and control pre-trends differ ({Percent(t)} vs {Percent(c)}, difference 95 % CI {Format(interval)} excludes 0): the groups were not moving in parallel before the change, which the difference in differences assumes.");
        }
    }

    private static List<BreakdownCell> Breakdown(
        Estimator estimator,
        List<CustomerWindowSums> treatedRows, CustomerValues[] treatedValues, GroupFit treated,
        List<CustomerWindowSums>? controlRows, CustomerValues[]? controlValues, GroupFit? control,
        List<string> warnings)
    {
        var cells = new List<BreakdownCell>();
        var small = 0;
        var noRatio = new List<string>();
        foreach (var (dimension, keyOf) in new (string, Func<CustomerWindowSums, string>)[] { ("segment", r => r.Segment), ("channel", r => r.Channel) })
        {
            var treatedCells = Partition(treatedRows, keyOf);
            var controlCells = controlRows is null ? [] : Partition(controlRows, keyOf);
            foreach (var key in treatedCells.Keys.Union(controlCells.Keys).Order(StringComparer.Ordinal))
            {
                GroupEstimate? Cell(string side, Dictionary<string, List<int>> partition, CustomerValues[]? values, GroupFit? whole)
                {
                    if (!partition.TryGetValue(key, out var indexes))
                    {
                        return null;
                    }

                    // A cell holding the whole group is the group: same customers, same answer.
                    var fit = indexes.Count == values!.Length
                        ? whole!
                        : estimator.Fit(indexes.Select(i => values[i]).ToArray(), BootstrapRandom.StreamOf($"{dimension}\u001f{key}\u001f{side}"));
                    if (!fit.Estimate.Uplift.HasValue)
                    {
                        noRatio.Add($"{dimension} '{key}' ({side})");
                    }

                    return fit.Estimate;
                }

                var cell = new BreakdownCell(dimension, key, Cell("treated", treatedCells, treatedValues, treated), Cell("control", controlCells, controlValues, control));
                small += cell.Treated is { Customers: < MinCustomersForInterval } || cell.Control is { Customers: < MinCustomersForInterval } ? 1 : 0;
                cells.Add(cell);
            }
        }

        if (small > 0)
        {
            warnings.Add($"{small} breakdown {(small == 1 ? "cell has" : "cells have")} a side (treated or control) with fewer than {MinCustomersForInterval} customers: no interval there.");
        }

        if (noRatio.Count > 0)
        {
            warnings.Add($"No uplift in {noRatio.Count} breakdown {(noRatio.Count == 1 ? "cell" : "cells")} with a zero or negative baseline: {Examples(noRatio)}.");
        }

        return cells;
    }

    /// <summary>Row indexes by key, each list in row (id) order.</summary>
    private static Dictionary<string, List<int>> Partition(List<CustomerWindowSums> rows, Func<CustomerWindowSums, string> keyOf)
    {
        var cells = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var key = keyOf(rows[i]);
            if (!cells.TryGetValue(key, out var list))
            {
                cells[key] = list = [];
            }

            list.Add(i);
        }

        return cells;
    }

    private static string Were(long count) => count == 1 ? "was" : "were";

    private static string Customers(long count) => count == 1 ? "1 customer" : $"{count} customers";

    private static string Examples(List<string> items) =>
        string.Join(", ", items.Take(ListedExamples)) + (items.Count > ListedExamples ? $" and {items.Count - ListedExamples} more" : "");

    private static string Format(DateTimeOffset value) => UpliftWindows.Format(value);

    private static string Format(DateTimeOffset start, DateTimeOffset end) => $"[{Format(start)}, {Format(end)})";

    private static string Format(Interval interval) => $"[{Percent(interval.Lower)}, {Percent(interval.Upper)}]";

    private static string Days(TimeSpan span) => span.TotalDays.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Percent(double fraction, bool signed = true) =>
        (fraction * 100).ToString(signed ? "+0.0;-0.0;0.0" : "0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>A group's estimate with the resamples behind it (kept for the joint statistics).</summary>
    private sealed record GroupFit(GroupEstimate Estimate, ResampleSums[]? Replicates, PercentileResult? UpliftResult);

    private sealed class Estimator(UpliftInput input, CancellationToken cancellationToken)
    {
        private readonly int _unit = CustomerValues.MinorUnitsPerReported(input.Metric, input.MinorPerMajor);

        public CustomerValues[] Values(List<CustomerWindowSums> rows)
        {
            var values = new CustomerValues[rows.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = CustomerValues.Of(input.Metric, rows[i]);
            }

            return values;
        }

        public GroupFit Fit(CustomerValues[] values, ulong stream)
        {
            var n = values.Length;
            var total = CustomerBootstrap.Total(values);
            var uplift = Ratio(total.Post, total.Baseline, "baseline");
            var preTrend = Ratio(total.Late, total.Early, "first half of the baseline window");
            ResampleSums[]? replicates = null;
            PercentileResult? upliftResult = null;
            PercentileResult? preTrendResult = null;
            if (n >= MinCustomersForInterval && (uplift.HasValue || preTrend.HasValue))
            {
                replicates = CustomerBootstrap.Run(values, input.BootstrapSamples, input.Seed, stream, cancellationToken: cancellationToken);
                upliftResult = uplift.HasValue ? Percentile(replicates, static r => ResampleRatio(r.Post, r.Baseline)) : null;
                preTrendResult = preTrend.HasValue ? Percentile(replicates, static r => ResampleRatio(r.Late, r.Early)) : null;
            }

            var estimate = new GroupEstimate(
                n, total.Baseline / n / _unit, total.Post / n / _unit, uplift, upliftResult?.Interval, preTrend, preTrendResult?.Interval);
            return new GroupFit(estimate, replicates, upliftResult);
        }

        private static PercentileResult Percentile(ResampleSums[] replicates, Func<ResampleSums, double> statistic)
        {
            var values = new double[replicates.Length];
            for (var b = 0; b < values.Length; b++)
            {
                values[b] = statistic(replicates[b]);
            }

            return PercentileInterval.Of(values);
        }
    }
}
