using System.Globalization;
using CrmGrpc.Cli.Import;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.Collections;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>The what-if CLV, one customer's metrics, segmentations and the data-quality report, as tables.</summary>
internal static class MetricViews
{
    public static void PrintClv(CliConsole console, CalculateClvResponse response)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(response);
        var inputs = response.Inputs ?? new CalculateClvRequest();
        var grid = NewGrid();
        Row(grid, "average_purchase_value", Numbers.Format(inputs.AveragePurchaseValue));
        Row(grid, "purchases_per_year", Numbers.Format(inputs.PurchasesPerYear));
        if (inputs.HasLifespanYears)
        {
            Row(grid, "lifespan_years", Numbers.Format(inputs.LifespanYears));
        }

        if (inputs.HasRetentionRate)
        {
            Row(grid, "retention_rate", Numbers.Format(inputs.RetentionRate));
        }

        Row(grid, "margin", Numbers.Format(inputs.HasMargin ? inputs.Margin : null));
        Row(grid, "annual_discount_rate", Numbers.Format(inputs.HasAnnualDiscountRate ? inputs.AnnualDiscountRate : null));
        Row(grid, "method", response.Method);
        Row(grid, "annual_value", Numbers.Format(response.AnnualValue));
        Row(grid, "clv", Numbers.Format(response.Clv));
        console.Out.Write(grid);
    }

    /// <summary>Every field of GetCustomerMetrics; an absent one shows "—" and the server's reason.</summary>
    public static void PrintCustomerMetrics(CliConsole console, GetCustomerMetricsResponse m)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(m);
        var grid = NewGrid();
        var reasons = Reasons(m.Unavailable);
        string Absent(string name) => Numbers.Absent + (reasons.TryGetValue(name, out var why) ? $"  {why}" : string.Empty);
        string Value(string name, double? value) => value is { } v ? Numbers.Format(v) : Absent(name);

        Row(grid, "customer_id", m.CustomerId);
        Row(grid, "model_id", m.ModelId.Length > 0 ? m.ModelId : Numbers.Absent);
        Row(grid, "historical_clv", Numbers.Format(m.HistoricalClv));
        Row(grid, "predictive_clv", Value("predictiveClv", m.HasPredictiveClv ? m.PredictiveClv : null));
        Row(grid, "probability_alive", Value("probabilityAlive", m.HasProbabilityAlive ? m.ProbabilityAlive : null));
        Row(grid, "expected_purchases", Value("expectedPurchases", m.HasExpectedPurchases ? m.ExpectedPurchases : null));
        Row(grid, "expected_average_value", Value("expectedAverageValue", m.HasExpectedAverageValue ? m.ExpectedAverageValue : null));
        Row(grid, "rfm", m.Rfm is { } rfm && rfm.Code.Length > 0
            ? Rfm(rfm)
            : Absent("rfm"));
        Row(grid, "health", Health(m.Health));
        Row(grid, "churn", Churn(m.Churn, m.ChurnDefinition));
        Row(grid, "summary", m.Summary is { } s && !reasons.ContainsKey("summary")
            ? string.Create(CultureInfo.InvariantCulture,
                $"frequency {Numbers.Format(s.Frequency)}, recency {Numbers.Format(s.Recency)}, age {Numbers.Format(s.Age)}, monetary_value {Numbers.Format(s.MonetaryValue)}")
            : Absent("summary"));
        console.Out.Write(grid);

        // Reasons for names not shown above (a server newer than this client may add some).
        var shown = new HashSet<string>(["predictiveClv", "probabilityAlive", "expectedPurchases", "expectedAverageValue", "rfm", "summary"], StringComparer.Ordinal);
        foreach (var (name, why) in reasons.Where(r => !shown.Contains(r.Key)))
        {
            console.Out.WriteLine($"unavailable: {name}: {why}");
        }
    }

    /// <summary>"churned 1997-08-19 (inferred; last purchase 1997-02-20)", "not churned (last activity …)", with the definition.</summary>
    public static string Churn(ChurnStatus? status, ChurnDefinition? definition)
    {
        if (status is null)
        {
            return Numbers.Absent;
        }

        var when = status.Churned
            ? $"churned {Numbers.Date(status.ChurnedAt)} ({(status.Inferred ? "inferred" : "recorded")})"
            : "not churned";
        return $"{when}; last activity {Numbers.Date(status.LastActivityAt)}; churn: {Commands.CliInputs.DescribeChurn(definition)}";
    }

    /// <summary>"545 (R5 F4 M5)".</summary>
    public static string Rfm(RfmScore? rfm) =>
        rfm is null || rfm.Code.Length == 0
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"{rfm.Code} (R{rfm.Recency} F{rfm.Frequency} M{rfm.Monetary})");

    /// <summary>"72.5 (usage —, engagement 80, satisfaction —, support —)".</summary>
    public static string Health(HealthScore? health)
    {
        if (health is null)
        {
            return Numbers.Absent;
        }

        var parts = string.Join(", ",
            $"usage {Numbers.Format(health.HasUsage ? health.Usage : null)}",
            $"engagement {Numbers.Format(health.HasEngagement ? health.Engagement : null)}",
            $"satisfaction {Numbers.Format(health.HasSatisfaction ? health.Satisfaction : null)}",
            $"support {Numbers.Format(health.HasSupport ? health.Support : null)}");
        return $"{Numbers.Format(health.Score)} ({parts})";
    }

    public static void PrintSegments(CliConsole console, SegmentCustomersResponse page, SegmentationKind kind)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(page);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("customer_id")
            .AddColumn(new TableColumn("historical_clv").RightAligned());
        if (kind == SegmentationKind.ClvTiers)
        {
            table.AddColumn(new TableColumn("clv_tier").RightAligned());
        }

        table.AddColumn("rfm").AddColumn(new TableColumn("health").RightAligned());
        if (kind == SegmentationKind.AtRisk)
        {
            table.AddColumn(new TableColumn("probability_alive").RightAligned());
        }

        foreach (var c in page.Customers)
        {
            var cells = new List<string> { c.CustomerId, Numbers.Format(c.HistoricalClv) };
            if (kind == SegmentationKind.ClvTiers)
            {
                cells.Add(c.ClvTier > 0 ? c.ClvTier.ToString(CultureInfo.InvariantCulture) : string.Empty);
            }

            cells.Add(Rfm(c.Rfm));
            cells.Add(c.Health is null ? Numbers.Absent : Numbers.Format(c.Health.Score));
            if (kind == SegmentationKind.AtRisk)
            {
                cells.Add(Numbers.Format(c.HasProbabilityAlive ? c.ProbabilityAlive : null));
            }

            table.AddRow(cells.Select(x => new Text(x)));
        }

        console.Out.Write(table);
    }

    /// <summary>"tier thresholds: 0.5 → 32.1, 0.8 → 87.6, 0.95 → 230 (tier 1 is at or above the last)".</summary>
    public static string TierThresholds(IReadOnlyList<double> quantiles, IReadOnlyList<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(quantiles);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Count == 0)
        {
            return "tier thresholds: none (no customers)";
        }

        var pairs = thresholds.Select((t, i) => i < quantiles.Count ? $"q{Numbers.Format(quantiles[i])} {Numbers.Format(t)}" : Numbers.Format(t));
        return string.Create(CultureInfo.InvariantCulture,
            $"tier thresholds (historical CLV): {string.Join(", ", pairs)}; tier 1 is at or above the last, tier {thresholds.Count + 1} below the first");
    }

    public static void PrintQuality(CliConsole console, GetDataQualityReportResponse report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        if (report.Findings.Count == 0)
        {
            console.WriteLine("no data-quality findings");
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("check").AddColumn("rejection_code").AddColumn(new TableColumn("count").RightAligned()).AddColumn("sample_ids").AddColumn("description");
        foreach (var f in report.Findings)
        {
            table.AddRow(
                new Text(ProtoEnum.Short(f.Check, "DATA_QUALITY_CHECK_").ToLowerInvariant()),
                new Text(f.RejectionCode == RejectionCode.Unspecified ? string.Empty : ProtoEnum.Short(f.RejectionCode, "REJECTION_CODE_")),
                new Text(Numbers.Count(f.Count)),
                new Text(string.Join(", ", f.SampleIds)),
                new Text(f.Description));
        }

        console.Out.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Findings.Count} findings"));
    }

    /// <summary>Each unavailable metric's reason(s), by metric name.</summary>
    public static Dictionary<string, string> Reasons(RepeatedField<UnavailableMetric> unavailable)
    {
        ArgumentNullException.ThrowIfNull(unavailable);
        return unavailable.GroupBy(u => u.Metric, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(u => u.Reason).Distinct(StringComparer.Ordinal)), StringComparer.Ordinal);
    }

    internal static Grid NewGrid() => new Grid().AddColumn().AddColumn();

    internal static void Row(Grid grid, string name, string value) =>
        grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value));
}
