using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Cli.Tests;

public class MetricViewsTests
{
    private static Timestamp Date(int year, int month, int day) =>
        Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero));

    private static Period Month(int year, int month) => new()
    {
        Start = Date(year, month, 1),
        End = Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1)),
    };

    [Theory]
    [InlineData(2000, "2000")]
    [InlineData(19.99, "19.99")]
    [InlineData(103.5567, "103.56")]
    [InlineData(0.48877, "0.4888")]
    [InlineData(0, "0")]
    [InlineData(-72.5, "-72.5")]
    [InlineData(3.76e-11, "3.76E-11")]
    [InlineData(244091.94, "244091.94")]
    public void Numbers_are_short_invariant_and_never_hide_a_non_zero(double value, string expected) =>
        Assert.Equal(expected, Numbers.Format(value));

    [Fact]
    public void Percentages_and_intervals()
    {
        Assert.Equal("45.7%", Numbers.Percent(0.4567));
        Assert.Equal("+12.3%", Numbers.SignedPercent(0.123));
        Assert.Equal("-5.0%", Numbers.SignedPercent(-0.05));
        Assert.Equal("[-1.2%, +25.0%]", Numbers.Interval(-0.012, 0.25));
        Assert.Equal("—", Numbers.Interval(null, 0.25));
    }

    [Fact]
    public void Cohort_matrix_has_one_column_per_period_index_and_blank_unreached_cells()
    {
        var response = new GetCohortRetentionResponse
        {
            Cohorts =
            {
                new Cohort
                {
                    Acquired = Month(1997, 1),
                    Customers = 781,
                    Periods =
                    {
                        new CohortPeriod { Index = 0, ActiveCustomers = 781, Retention = 1, CumulativeRevenuePerCustomer = 36.61 },
                        new CohortPeriod { Index = 1, ActiveCustomers = 124, Retention = 0.1588, CumulativeRevenuePerCustomer = 45.58 },
                        new CohortPeriod { Index = 2, ActiveCustomers = 95, Retention = 0.1216, CumulativeRevenuePerCustomer = 51.013 },
                    },
                },
                new Cohort
                {
                    Acquired = Month(1997, 2),
                    Customers = 857,
                    Periods =
                    {
                        new CohortPeriod { Index = 0, ActiveCustomers = 857, Retention = 1, CumulativeRevenuePerCustomer = 39.01 },
                        new CohortPeriod { Index = 1, ActiveCustomers = 134, Retention = 0.15636, CumulativeRevenuePerCustomer = 46.5 },
                    },
                },
            },
        };

        var (header, rows) = CohortMatrix.Build(response, Granularity.Month, CohortMatrix.Retention);

        Assert.Equal(["cohort", "customers", "0", "1", "2"], header);
        Assert.Equal(["1997-01", "781", "100.0%", "15.9%", "12.2%"], rows[0]);
        Assert.Equal(["1997-02", "857", "100.0%", "15.6%", ""], rows[1]);

        var (_, revenue) = CohortMatrix.Build(response, Granularity.Month, CohortMatrix.Revenue);
        Assert.Equal(["1997-01", "781", "36.61", "45.58", "51.01"], revenue[0]);
    }

    [Fact]
    public void Cohort_labels_follow_the_granularity()
    {
        var q3 = new Period { Start = Date(1997, 7, 1), End = Date(1997, 10, 1) };
        Assert.Equal("1997-Q3", CohortMatrix.Label(q3, Granularity.Quarter));
        Assert.Equal("1997-07", CohortMatrix.Label(q3, Granularity.Month));
        Assert.Equal("1997", CohortMatrix.Label(q3, Granularity.Year));
    }

    [Fact]
    public void Cohort_matrix_renders_and_handles_no_cohorts()
    {
        var console = new TestConsole();
        CohortMatrix.Print(console.Console, new GetCohortRetentionResponse
        {
            Cohorts = { new Cohort { Acquired = Month(1997, 1), Customers = 2, Periods = { new CohortPeriod { Index = 0, Retention = 1, CumulativeRevenuePerCustomer = 10 } } } },
        }, Granularity.Month, revenue: true);
        Assert.Contains("100.0%", console.Output, StringComparison.Ordinal);
        Assert.Contains("cumulative revenue per customer", console.Output, StringComparison.Ordinal);
        Assert.Contains("1 cohorts, 2 customers", console.Output, StringComparison.Ordinal);

        var empty = new TestConsole();
        CohortMatrix.Print(empty.Console, new GetCohortRetentionResponse(), Granularity.Quarter, revenue: false);
        Assert.Contains("no customers were acquired", empty.Output, StringComparison.Ordinal);
        Assert.Empty(CohortMatrix.Build(new GetCohortRetentionResponse(), Granularity.Month, CohortMatrix.Retention).Rows);
    }

    private static GetPortfolioMetricsResponse Portfolio() => new()
    {
        Period = new Period { Start = Date(1997, 1, 1), End = Date(1998, 7, 1) },
        AveragePurchaseValue = 35.28,
        PurchaseFrequency = 2.94,
        RepeatPurchaseRate = 0.48877,
        CustomersAtEnd = 2357,
        CustomersAcquired = 2357,
        Revenue = 244091.94,
        LifespanMethod = LifespanMethod.InverseChurnRate,
        Channels = { new ChannelAcquisition { Channel = "web", Spend = 1000, CustomersAcquired = 40, Cac = 25 } },
        Unavailable =
        {
            new UnavailableMetric { Metric = "cac", Reason = "no marketing spend recorded for the period" },
            new UnavailableMetric { Metric = "nps", Reason = "no NPS responses in the period" },
        },
        Groups =
        {
            new PortfolioGroup
            {
                Key = "vip",
                Metrics = new PortfolioMetrics
                {
                    AveragePurchaseValue = 80,
                    Unavailable = { new UnavailableMetric { Metric = "nps", Reason = "no NPS responses in the period" } },
                },
            },
            new PortfolioGroup { Key = "", Metrics = new PortfolioMetrics { AveragePurchaseValue = 20, Nps = 12.5 } },
        },
    };

    [Fact]
    public void Portfolio_columns_are_the_book_then_each_group()
    {
        var columns = PortfolioView.Columns(Portfolio());

        Assert.Equal(["all", "vip", "(none)"], columns.Select(c => c.Label));
        var overall = columns[0].Metrics;
        Assert.Equal(35.28, overall.AveragePurchaseValue);
        Assert.False(overall.HasCac);
        Assert.Equal(2, overall.Unavailable.Count);
        Assert.Equal("web", Assert.Single(overall.Channels).Channel);
    }

    [Fact]
    public void Portfolio_rows_show_every_metric_by_json_name_with_a_dash_when_absent()
    {
        var columns = PortfolioView.Columns(Portfolio());
        var rows = PortfolioView.Rows(columns, PortfolioView.MetricFields).ToDictionary(r => r[0]);

        Assert.Equal(22, rows.Count);
        Assert.Equal(["averagePurchaseValue", "35.28", "80", "20"], rows["averagePurchaseValue"]);
        Assert.Equal(["nps", "—", "—", "12.5"], rows["nps"]);
        Assert.Equal(["repeatPurchaseRate", "0.4888", "—", "—"], rows["repeatPurchaseRate"]);
        Assert.Equal("inverse churn rate", rows["lifespanMethod"][1]);
        Assert.Equal("244091.94", rows["revenue"][1]);

        var counts = PortfolioView.Rows(columns, PortfolioView.CountFields).ToDictionary(r => r[0]);
        Assert.Equal(["customersAtEnd", "2357", "0", "0"], counts["customersAtEnd"]);
    }

    [Fact]
    public void Unavailable_reasons_are_listed_once_with_their_columns()
    {
        var rows = PortfolioView.Unavailable(PortfolioView.Columns(Portfolio()));

        Assert.Equal(["cac", "nps"], rows.Select(r => r.Metric));
        Assert.Equal(["all", "vip"], rows[1].Columns);
    }

    [Fact]
    public void Portfolio_table_prints_values_reasons_counts_and_channels()
    {
        var console = new TestConsole();
        PortfolioView.Print(console.Console, Portfolio(), grouped: false);
        var lines = console.Output.Split('\n');

        Assert.Contains("period: [1997-01-01, 1998-07-01)", console.Output, StringComparison.Ordinal);
        Assert.Contains("churn: recorded churn dates only (--inactivity-days N infers churn", console.Output, StringComparison.Ordinal);
        var windowed = new TestConsole();
        var response = Portfolio();
        response.ChurnDefinition = new ChurnDefinition { InactivityDays = 180 };
        PortfolioView.Print(windowed.Console, response, grouped: false);
        Assert.Contains("churn: recorded, else inferred 180 days after the last purchase (--inactivity-days 180)", windowed.Output, StringComparison.Ordinal);
        var cac = Assert.Single(lines, l => l.Trim().StartsWith("cac ", StringComparison.Ordinal));
        Assert.Contains("—", cac, StringComparison.Ordinal);
        Assert.Contains("no marketing spend recorded for the period", cac, StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains("customersAcquired", StringComparison.Ordinal) && l.Contains("2357", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("web", StringComparison.Ordinal) && l.Contains("25", StringComparison.Ordinal));

        var grouped = new TestConsole();
        PortfolioView.Print(grouped.Console, Portfolio(), grouped: true);
        Assert.Contains("vip", grouped.Output, StringComparison.Ordinal);
        Assert.Contains("(none)", grouped.Output, StringComparison.Ordinal);
        Assert.Contains(grouped.Output.Split('\n'), l => l.Contains("no NPS responses", StringComparison.Ordinal) && l.Contains("all, vip", StringComparison.Ordinal));
    }

    [Fact]
    public void Series_rows_label_the_book_and_the_groups_and_pick_metrics_with_values()
    {
        var response = new GetMetricSeriesResponse
        {
            Points =
            {
                new MetricSeriesPoint { Bucket = Month(1997, 1), Metrics = new PortfolioMetrics { AveragePurchaseValue = 32.31 } },
                new MetricSeriesPoint { Bucket = Month(1997, 1), GroupKey = "", Metrics = new PortfolioMetrics { AveragePurchaseValue = 30 } },
                new MetricSeriesPoint { Bucket = Month(1997, 1), GroupKey = "web", Metrics = new PortfolioMetrics() },
                new MetricSeriesPoint
                {
                    Bucket = Month(1997, 2),
                    Metrics = new PortfolioMetrics
                    {
                        AveragePurchaseValue = 34.32,
                        ChurnRate = 0,
                        Unavailable = { new UnavailableMetric { Metric = "nps", Reason = "no NPS responses in the period" } },
                    },
                },
            },
        };

        var columns = SeriesView.MetricColumns(response, []);
        Assert.Equal([PortfolioMetric.AveragePurchaseValue, PortfolioMetric.ChurnRate], columns);

        var (header, rows) = SeriesView.Build(response, columns, grouped: true);
        Assert.Equal(["start", "end", "group", "averagePurchaseValue", "churnRate"], header);
        Assert.Equal(["1997-01-01", "1997-02-01", "all", "32.31", "—"], rows[0]);
        Assert.Equal("(none)", rows[1][2]);
        Assert.Equal("web", rows[2][2]);
        Assert.Equal(["1997-02-01", "1997-03-01", "all", "34.32", "0"], rows[3]);

        Assert.Equal([PortfolioMetric.Nps], SeriesView.MetricColumns(response, [PortfolioMetric.Nps, PortfolioMetric.Nps]));
        var reason = Assert.Single(SeriesView.Unavailable(response, [PortfolioMetric.Nps]));
        Assert.Equal(("nps", "no NPS responses in the period", 1), reason);
    }

    [Fact]
    public void Customer_metrics_show_the_reason_of_each_absent_value()
    {
        var console = new TestConsole();
        MetricViews.PrintCustomerMetrics(console.Console, new GetCustomerMetricsResponse
        {
            CustomerId = "c1",
            HistoricalClv = 68.99,
            Rfm = new RfmScore { Recency = 5, Frequency = 4, Monetary = 3, Code = "543" },
            Health = new HealthScore { Score = 50, Engagement = 50 },
            Summary = new CustomerSummary { Frequency = 1, Recency = 4, Age = 30, MonetaryValue = 49 },
            Unavailable =
            {
                new UnavailableMetric { Metric = "probabilityAlive", Reason = "no model has been fitted (ModelService.FitModels)" },
                new UnavailableMetric { Metric = "predictiveClv", Reason = "no model has been fitted (ModelService.FitModels)" },
            },
        });
        var lines = console.Output.Split('\n');

        Assert.Contains(lines, l => l.Contains("probability_alive", StringComparison.Ordinal) && l.Contains("—  no model has been fitted (ModelService.FitModels)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("historical_clv", StringComparison.Ordinal) && l.Contains("68.99", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("543 (R5 F4 M3)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("50 (usage —, engagement 50, satisfaction —, support —)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("model_id", StringComparison.Ordinal) && l.Contains('—', StringComparison.Ordinal));
    }

    [Fact]
    public void Customer_churn_says_whether_when_and_how_it_was_decided()
    {
        var inferred = MetricViews.Churn(
            new ChurnStatus { Churned = true, Inferred = true, ChurnedAt = Date(1997, 8, 19), LastActivityAt = Date(1997, 2, 20) },
            new ChurnDefinition { InactivityDays = 180 });
        var recorded = MetricViews.Churn(
            new ChurnStatus { Churned = true, ChurnedAt = Date(1997, 5, 1), LastActivityAt = Date(1997, 6, 1) }, new ChurnDefinition());
        var active = MetricViews.Churn(new ChurnStatus { LastActivityAt = Date(1998, 6, 1) }, null);

        Assert.Equal("churned 1997-08-19 (inferred); last activity 1997-02-20; churn: recorded, else inferred 180 days after the last purchase (--inactivity-days 180)", inferred);
        Assert.StartsWith("churned 1997-05-01 (recorded); last activity 1997-06-01; churn: recorded churn dates only", recorded, StringComparison.Ordinal);
        Assert.StartsWith("not churned; last activity 1998-06-01", active, StringComparison.Ordinal);
        Assert.Equal("—", MetricViews.Churn(null, null));
    }

    [Fact]
    public void Model_parameters_show_standard_errors_or_a_dash_when_singular()
    {
        var rows = ModelViews.ParameterRows([("r", 0.242593), ("alpha", 4.41359)], [0.0125574]);
        Assert.Equal(["r", "0.242593", "0.0125574"], rows[0]);
        Assert.Equal(["alpha", "4.41359", "—"], rows[1]);
    }

    [Fact]
    public void Uplift_groups_and_the_difference_in_differences()
    {
        var cells = UpliftView.GroupCells(new UpliftGroupResult { Customers = 300, Baseline = 1.57, Post = 0.31, Uplift = -0.803, CiLower = -0.867, CiUpper = -0.73 });
        Assert.Equal(["300", "1.57", "0.31", "-80.3%", "[-86.7%, -73.0%]"], cells);

        var zeroBaseline = UpliftView.GroupCells(new UpliftGroupResult { Customers = 3, Baseline = 0, Post = 2 });
        Assert.Equal(["3", "0", "2", "—", "—"], zeroBaseline);

        Assert.Equal("-7.0 pts, 95% CI [-17.2, +3.7]",
            UpliftView.DifferenceInDifferences(new DifferenceInDifferences { Estimate = -0.07, CiLower = -0.172, CiUpper = 0.037 }));
    }

    [Fact]
    public void Tier_thresholds_pair_quantiles_and_values()
    {
        Assert.Equal(
            "tier thresholds (historical CLV): q0.5 43.06, q0.8 130.44, q0.95 388.72; tier 1 is at or above the last, tier 4 below the first",
            MetricViews.TierThresholds([0.5, 0.8, 0.95], [43.06, 130.44, 388.72]));
        Assert.Equal("tier thresholds: none (no customers)", MetricViews.TierThresholds([0.5], []));
    }
}
