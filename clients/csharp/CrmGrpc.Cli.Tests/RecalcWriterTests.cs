using System.Globalization;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Cli.Tests;

public class RecalcWriterTests
{
    private static CustomerMetrics Full(string id) => new()
    {
        CustomerId = id,
        HistoricalClv = 74.02,
        PredictiveClv = 36.67427449254156,
        ProbabilityAlive = 0.7413939201617094,
        ExpectedPurchases = 1.658518187974418,
        ExpectedAverageValue = 23.775829299553468,
        Rfm = new RfmScore { Recency = 5, Frequency = 5, Monetary = 4, Code = "554" },
        Health = new HealthScore { Score = 62.87671232876713, Engagement = 62.87671232876713 },
        Churn = new ChurnStatus
        {
            Churned = true,
            Inferred = true,
            ChurnedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(1997, 8, 19, 0, 0, 0, TimeSpan.Zero)),
            LastActivityAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(1997, 2, 20, 0, 0, 0, TimeSpan.Zero)),
        },
        ModelId = "mdl_1",
    };

    /// <summary>A customer without a model and without purchases: only historical CLV and health.</summary>
    private static CustomerMetrics Bare(string id) => new()
    {
        CustomerId = id,
        HistoricalClv = 0,
        Health = new HealthScore { Score = 0 },
        Churn = new ChurnStatus { LastActivityAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero)) },
        Unavailable = { new UnavailableMetric { Metric = "probabilityAlive", Reason = "no model has been fitted" } },
    };

    [Theory]
    [InlineData("out.csv", "Csv")]
    [InlineData("/tmp/OUT.CSV", "Csv")]
    [InlineData("run.jsonl", "JsonLines")]
    [InlineData("run.ndjson", "JsonLines")]
    [InlineData("run.json", null)]
    [InlineData("run", null)]
    public void The_format_comes_from_the_extension(string path, string? expected) =>
        Assert.Equal(expected, RecalcWriter.FormatOf(path)?.ToString());

    [Fact]
    public void Csv_has_the_header_and_full_precision_numbers()
    {
        var line = RecalcWriter.CsvLine(Full("0001"));

        Assert.Equal("0001,74.02,36.67427449254156,0.7413939201617094,1.658518187974418,23.775829299553468,554,62.87671232876713,true,1997-08-19T00:00:00.000Z", line);
        var cells = line.Split(',');
        Assert.Equal(RecalcWriter.CsvColumns.Length, cells.Length);
        Assert.Equal(0.7413939201617094, double.Parse(cells[3], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Absent_values_are_empty_cells_not_zero()
    {
        Assert.Equal("c9,0,,,,,,0,false,", RecalcWriter.CsvLine(Bare("c9")));
        Assert.Equal("c8,1.5,,,,,,,,", RecalcWriter.CsvLine(new CustomerMetrics { CustomerId = "c8", HistoricalClv = 1.5 }));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("Doe, Jane", "\"Doe, Jane\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Csv_fields_are_quoted_when_needed(string value, string expected) =>
        Assert.Equal(expected, RecalcWriter.CsvField(value));

    [Fact]
    public async Task Batches_are_written_as_they_come_with_one_header()
    {
        var text = new StringWriter();
        await using (var writer = RecalcWriter.Create(text, RecalcFormat.Csv))
        {
            await writer.WriteBatchAsync([Full("0001"), Bare("0002")], CancellationToken.None);
            var afterFirst = text.ToString();
            Assert.Equal(3, afterFirst.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            await writer.WriteBatchAsync([Full("0003")], CancellationToken.None);
            Assert.Equal(3, writer.Written);
        }

        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "customer_id,historical_clv,predictive_clv,probability_alive,expected_purchases,expected_average_value,rfm_code,health_score,churned,churned_at",
            lines[0]);
        Assert.Equal(["0001", "0002", "0003"], lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Json_lines_are_one_customer_metrics_document_per_line()
    {
        var text = new StringWriter();
        await using (var writer = RecalcWriter.Create(text, RecalcFormat.JsonLines))
        {
            await writer.WriteBatchAsync([Full("0001"), Bare("0002")], CancellationToken.None);
        }

        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var parser = new JsonParser(JsonParser.Settings.Default);
        Assert.Equal(Full("0001"), parser.Parse<CustomerMetrics>(lines[0]));
        var bare = parser.Parse<CustomerMetrics>(lines[1]);
        Assert.False(bare.HasProbabilityAlive);
        Assert.Equal("no model has been fitted", Assert.Single(bare.Unavailable).Reason);
    }
}
