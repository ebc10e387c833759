using CrmGrpc.Cli.Commands;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Tests;

public class CliInputsTests
{
    [Theory]
    [InlineData("1997-09-30", "1997-09-30T00:00:00+00:00")]
    [InlineData("1997-09-30T12:30:00Z", "1997-09-30T12:30:00+00:00")]
    [InlineData("1997-09-30T12:30:00+02:00", "1997-09-30T10:30:00+00:00")]
    [InlineData("1997-09-30 08:00", "1997-09-30T08:00:00+00:00")]
    [InlineData(" 1998-01-01 ", "1998-01-01T00:00:00+00:00")]
    public void Dates_are_utc_timestamps(string text, string expected)
    {
        Assert.True(CliInputs.TryParseDate(text, out var timestamp, out var error));
        Assert.Equal("", error);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), timestamp.ToDateTimeOffset());
    }

    [Theory]
    [InlineData("30/09/1997")]
    [InlineData("1997-13-01")]
    [InlineData("19970930")]
    [InlineData("")]
    public void Bad_dates_say_which_formats_work(string text)
    {
        Assert.False(CliInputs.TryParseDate(text, out _, out var error));
        Assert.Contains("yyyy-MM-dd", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("segment", GroupByDimension.Segment, "")]
    [InlineData("Channel", GroupByDimension.Channel, "")]
    [InlineData("attribute:tier", GroupByDimension.Attribute, "tier")]
    [InlineData("ATTRIBUTE: Region Code ", GroupByDimension.Attribute, "Region Code")]
    [InlineData("attribute:a:b", GroupByDimension.Attribute, "a:b")]
    public void Group_by_names_a_dimension_and_an_attribute_key(string text, GroupByDimension dimension, string key)
    {
        Assert.True(CliInputs.TryParseGroupBy(text, out var groupBy, out _));
        Assert.Equal(dimension, groupBy.Dimension);
        Assert.Equal(key, groupBy.AttributeKey);
    }

    [Theory]
    [InlineData("attribute", "attribute:KEY")]
    [InlineData("attribute:  ", "attribute:KEY")]
    [InlineData("segment:x", "segment, channel or attribute:KEY")]
    [InlineData("cohort", "segment, channel or attribute:KEY")]
    public void Bad_group_by_is_explained(string text, string hint)
    {
        Assert.False(CliInputs.TryParseGroupBy(text, out _, out var error));
        Assert.Contains(hint, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_by_is_described_back()
    {
        Assert.Equal("attribute:tier", CliInputs.Describe(new GroupBy { Dimension = GroupByDimension.Attribute, AttributeKey = "tier" }));
        Assert.Equal("channel", CliInputs.Describe(new GroupBy { Dimension = GroupByDimension.Channel }));
        Assert.Equal("", CliInputs.Describe(null));
    }

    [Theory]
    [InlineData("averagePurchaseValue", PortfolioMetric.AveragePurchaseValue)]
    [InlineData("AVERAGEPURCHASEVALUE", PortfolioMetric.AveragePurchaseValue)]
    [InlineData("average_purchase_value", PortfolioMetric.AveragePurchaseValue)]
    [InlineData("average-purchase-value", PortfolioMetric.AveragePurchaseValue)]
    [InlineData("PORTFOLIO_METRIC_CAC", PortfolioMetric.Cac)]
    [InlineData("clvToCacRatio", PortfolioMetric.ClvToCacRatio)]
    [InlineData("nps", PortfolioMetric.Nps)]
    [InlineData(" averageHandleTime ", PortfolioMetric.AverageHandleTime)]
    public void Metric_names_map_to_portfolio_metrics(string text, PortfolioMetric expected)
    {
        Assert.True(CliInputs.TryParseMetric(text, out var metric, out _));
        Assert.Equal(expected, metric);
    }

    [Fact]
    public void Every_metric_round_trips_through_its_json_name()
    {
        Assert.Equal(18, CliInputs.Metrics.Count);
        foreach (var (metric, name) in CliInputs.Metrics)
        {
            Assert.Equal(name, CliInputs.MetricName(metric));
            Assert.True(CliInputs.TryParseMetric(name, out var parsed, out _));
            Assert.Equal(metric, parsed);
        }

        Assert.Equal("averagePurchaseValue", CliInputs.MetricName(PortfolioMetric.AveragePurchaseValue));
        Assert.Equal("upsellCrossSellRate", CliInputs.MetricName(PortfolioMetric.UpsellCrossSellRate));
    }

    [Theory]
    [InlineData("revenue")]
    [InlineData("customersAtStart")]
    [InlineData("PORTFOLIO_METRIC_UNSPECIFIED")]
    public void Names_that_are_not_series_metrics_are_refused_with_the_list(string text)
    {
        Assert.False(CliInputs.TryParseMetric(text, out _, out var error));
        Assert.Contains("averagePurchaseValue", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Granularity_is_limited_to_the_allowed_values()
    {
        Granularity[] cohorts = [Granularity.Month, Granularity.Quarter];
        Assert.True(CliInputs.TryParseGranularity("Quarter", cohorts, out var quarter, out _));
        Assert.Equal(Granularity.Quarter, quarter);
        Assert.True(CliInputs.TryParseGranularity("monthly", cohorts, out var month, out _));
        Assert.Equal(Granularity.Month, month);
        Assert.False(CliInputs.TryParseGranularity("year", cohorts, out _, out var error));
        Assert.Equal("'year' is not one of month|quarter", error);
    }

    [Fact]
    public void Number_lists_are_comma_separated()
    {
        Assert.True(CliInputs.TryParseNumbers("0.5, 0.8,0.95", out var values, out _));
        Assert.Equal([0.5, 0.8, 0.95], values);
        Assert.False(CliInputs.TryParseNumbers("0.5,x", out _, out var error));
        Assert.Equal("'x' is not a number", error);
        Assert.False(CliInputs.TryParseNumbers(" , ", out _, out _));
        Assert.False(CliInputs.TryParseNumbers("NaN", out _, out _));
    }
}
