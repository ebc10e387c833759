using CrmGrpc.Cli.Commands;

namespace CrmGrpc.Cli.Tests;

/// <summary>What the new commands accept and refuse at parse time (usage errors exit 2 before any call).</summary>
public class MetricCommandLineTests
{
    private static List<string> Errors(params string[] args) =>
        [.. CrmCommandLine.Create().Parse(args).Errors.Select(e => e.Message)];

    [Theory]
    [InlineData("clv", "--apv", "100", "--per-year", "4", "--lifespan", "5")]
    [InlineData("clv", "--apv", "100", "--per-year", "4", "--retention", "0.8", "--margin", "0.3", "--discount", "0.1")]
    [InlineData("metrics", "portfolio", "--from", "1997-01-01", "--to", "1998-07-01", "--group-by", "attribute:tier")]
    [InlineData("metrics", "portfolio", "--from", "1997-01-01", "--to", "1998-07-01", "--inactivity-days", "180")]
    [InlineData("metrics", "series", "--from", "1997-01-01", "--to", "1998-07-01", "--every", "quarter", "--inactivity-days", "0")]
    [InlineData("customer", "metrics", "00042", "--as-of", "1998-06-30", "--inactivity-days", "36500")]
    [InlineData("metrics", "series", "--from", "1997-01-01", "--to", "1998-07-01", "--every", "month", "--metric", "averagePurchaseValue", "churnRate", "--metric", "nps,csat")]
    [InlineData("metrics", "cohorts", "--from", "1997-01-01", "--to", "1997-04-01", "--every", "quarter", "--as-of", "1998-07-01", "--revenue")]
    [InlineData("segments", "tiers", "--quantiles", "0.5,0.8,0.95", "--segment", "cdnow", "--page-size", "10", "--all")]
    [InlineData("segments", "at-risk", "--p-alive-below", "0.3", "--min-value-quantile", "0.9", "--channel", "web")]
    [InlineData("segments", "rfm")]
    [InlineData("quality", "--sample", "3")]
    [InlineData("fit", "--calibration-end", "1997-09-30", "--unit", "days", "--segment", "cdnow", "--penalizer", "0.001")]
    [InlineData("models", "list")]
    [InlineData("models", "get", "mdl_1")]
    [InlineData("customer", "metrics", "0001", "--model", "mdl_1", "--horizon", "39", "--as-of", "1997-09-30")]
    [InlineData("customers", "metrics", "0001")]
    [InlineData("recalc", "--segment", "cdnow", "--horizon", "52", "--batch-size", "500", "--run-name", "q3", "--out", "out.csv")]
    [InlineData("recalc", "--out", "out.jsonl", "--ids", "a,b")]
    [InlineData("uplift", "chg-1", "--metric", "repeat-rate", "--treated", "vip", "--control", "std", "--window-days", "60", "--samples", "500", "--seed", "7", "--breakdown")]
    [InlineData("uplift", "chg-1", "--metric", "UPLIFT_METRIC_HISTORICAL_CLV", "--treated-ids", "a,b", "--control-ids", "c")]
    [InlineData("changes", "record", "chg-1", "--name", "Spring", "--effective", "1997-04-01", "--treated-segment", "cdnow")]
    public void Valid_command_lines_parse(params string[] args) => Assert.Empty(Errors(args));

    [Theory]
    [InlineData("give either --lifespan or --retention", "clv", "--apv", "100", "--per-year", "4")]
    [InlineData("give either --lifespan or --retention", "clv", "--apv", "100", "--per-year", "4", "--lifespan", "5", "--retention", "0.5")]
    [InlineData("--apv", "clv", "--per-year", "4", "--lifespan", "5")]
    [InlineData("--to", "metrics", "portfolio", "--from", "1997-01-01")]
    [InlineData("'1997/01/01' is not a date", "metrics", "portfolio", "--from", "1997/01/01", "--to", "1998-01-01")]
    [InlineData("--group-by", "metrics", "portfolio", "--from", "1997-01-01", "--to", "1998-01-01", "--group-by", "region")]
    [InlineData("'aov' is not a metric", "metrics", "series", "--from", "1997-01-01", "--to", "1998-01-01", "--every", "month", "--metric", "aov")]
    [InlineData("--inactivity-days must be between 0 and 36500, was -1", "metrics", "portfolio", "--from", "1997-01-01", "--to", "1998-01-01", "--inactivity-days", "-1")]
    [InlineData("--inactivity-days must be between 0 and 36500, was 36501", "metrics", "series", "--from", "1997-01-01", "--to", "1998-01-01", "--every", "year", "--inactivity-days", "36501")]
    [InlineData("--inactivity-days", "metrics", "portfolio", "--from", "1997-01-01", "--to", "1998-01-01", "--inactivity-days", "half-a-year")]
    [InlineData("'year' is not one of month|quarter", "metrics", "cohorts", "--from", "1997-01-01", "--to", "1998-01-01", "--every", "year")]
    [InlineData("'x' is not a number", "segments", "tiers", "--quantiles", "0.5,x")]
    [InlineData("'fortnights'", "fit", "--calibration-end", "1997-09-30", "--unit", "fortnights")]
    [InlineData("--penalizer must be at least 0", "fit", "--calibration-end", "1997-09-30", "--penalizer", "-1")]
    [InlineData("must end in .csv or .jsonl", "recalc", "--out", "out.txt")]
    [InlineData("--batch-size", "recalc", "--out", "out.csv", "--batch-size", "6000")]
    [InlineData("--out", "recalc")]
    [InlineData("is not one of revenue|frequency|repeat-rate|clv", "uplift", "chg-1", "--metric", "profit")]
    [InlineData("--window-days must be positive", "uplift", "chg-1", "--metric", "revenue", "--window-days", "0")]
    public void Bad_command_lines_are_usage_errors(string expected, params string[] args)
    {
        var errors = Errors(args);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(0, 0)]
    [InlineData(180, 180)]
    public void Inactivity_days_become_the_requests_churn_definition_and_absent_leaves_the_server_default(int? days, int? expected)
    {
        string[] args = ["metrics", "portfolio", "--from", "1997-01-01", "--to", "1998-01-01", .. days is { } d ? new[] { "--inactivity-days", d.ToString(System.Globalization.CultureInfo.InvariantCulture) } : []];
        var result = CrmCommandLine.Create().Parse(args);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, CliInputs.ChurnDefinition(result.GetValue<int?>("--inactivity-days"))?.InactivityDays);
    }

    [Fact]
    public void Series_metrics_collect_every_token_and_comma_list()
    {
        var command = CrmCommandLine.Create();
        var result = command.Parse(["metrics", "series", "--from", "1997-01-01", "--to", "1998-01-01", "--every", "year",
            "--metric", "averagePurchaseValue", "churn_rate", "--metric", "nps,csat"]);
        Assert.Empty(result.Errors);
        var values = result.GetValue<Contracts.V1.PortfolioMetric[]>("--metric");
        Assert.Equal(
            [Contracts.V1.PortfolioMetric.AveragePurchaseValue, Contracts.V1.PortfolioMetric.ChurnRate, Contracts.V1.PortfolioMetric.Nps, Contracts.V1.PortfolioMetric.Csat],
            values);
    }

    [Theory]
    [InlineData("revenue", Contracts.V1.UpliftMetric.RevenuePerCustomer)]
    [InlineData("Frequency", Contracts.V1.UpliftMetric.PurchaseFrequency)]
    [InlineData("repeat-rate", Contracts.V1.UpliftMetric.RepeatPurchaseRate)]
    [InlineData("clv", Contracts.V1.UpliftMetric.HistoricalClv)]
    [InlineData("uplift_metric_revenue_per_customer", Contracts.V1.UpliftMetric.RevenuePerCustomer)]
    public void Uplift_metric_words(string text, Contracts.V1.UpliftMetric expected)
    {
        Assert.True(UpliftCommands.TryParseMetric(text, out var metric));
        Assert.Equal(expected, metric);
    }
}
