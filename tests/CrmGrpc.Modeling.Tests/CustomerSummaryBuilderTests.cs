using System.Globalization;
using CrmGrpc.Modeling.Tests.TestSupport;

namespace CrmGrpc.Modeling.Tests;

public class CustomerSummaryBuilderTests
{
    private static readonly DateOnly CalibrationEnd = new(2024, 1, 15);

    private static Purchase At(string customer, string timestamp, double amount)
        => new(customer, DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture), amount);

    private static readonly Purchase[] HandWorked =
    [
        At("A", "2024-01-01T10:00:00Z", 10),
        At("A", "2024-01-01T22:00:00Z", 5),      // same UTC day as the first: merged (first day total 15)
        At("A", "2024-01-08T09:00:00Z", 20),
        At("A", "2024-01-15T23:59:59Z", 30),     // on the calibration end: counts (inclusive)
        At("A", "2024-01-16T00:00:00Z", 1000),   // after the end: ignored
        At("B", "2024-01-10T12:00:00Z", 7),      // one purchase only
        At("C", "2024-01-20T12:00:00Z", 9),      // first purchase after the end: no summary
        At("D", "2024-01-03T08:00:00Z", 4),
        At("D", "2024-01-03T18:00:00Z", 6),      // two purchases, one day: no repeat
        At("E", "2024-01-02T01:00:00+05:00", 3), // 2024-01-01T20:00Z: the UTC day decides
        At("E", "2024-01-01T23:00:00-02:00", 8), // 2024-01-02T01:00Z: next UTC day
    ];

    [Fact]
    public void Hand_worked_book_in_days_merges_same_day_counts_the_end_day_and_ignores_later_purchases_exactly()
    {
        var summaries = CustomerSummaryBuilder.Build(HandWorked, CalibrationEnd, TimeUnit.Days);

        Assert.Equal(new CustomerSummary(2, 14, 14, 25), summaries["A"]); // repeat days 8th (20) and 15th (30)
        Assert.Equal(new CustomerSummary(0, 0, 5, 0), summaries["B"]);
        Assert.False(summaries.ContainsKey("C"));
        Assert.Equal(new CustomerSummary(0, 0, 12, 0), summaries["D"]);
        Assert.Equal(new CustomerSummary(1, 1, 14, 8), summaries["E"]);
        Assert.Equal(4, summaries.Count);
    }

    [Fact]
    public void Hand_worked_book_in_weeks_divides_days_by_seven_exactly()
    {
        var summaries = CustomerSummaryBuilder.Build(HandWorked, CalibrationEnd, TimeUnit.Weeks);

        Assert.Equal(new CustomerSummary(2, 2, 2, 25), summaries["A"]);
        Assert.Equal(new CustomerSummary(0, 0, 5 / 7.0, 0), summaries["B"]);
        Assert.Equal(new CustomerSummary(1, 1 / 7.0, 2, 8), summaries["E"]);
    }

    [Fact]
    public void Refunds_are_summed_into_the_day_like_any_amount()
    {
        var summaries = CustomerSummaryBuilder.Build(
            [At("R", "2024-01-01T10:00:00Z", 50), At("R", "2024-01-05T10:00:00Z", 40), At("R", "2024-01-05T11:00:00Z", -10)],
            CalibrationEnd, TimeUnit.Days);
        Assert.Equal(new CustomerSummary(1, 4, 14, 30), summaries["R"]);
    }

    [Fact]
    public void Invalid_purchases_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => CustomerSummaryBuilder.Build([At("", "2024-01-01T00:00:00Z", 1)], CalibrationEnd, TimeUnit.Days));
        Assert.Throws<ArgumentException>(() => CustomerSummaryBuilder.Build([At("A", "2024-01-01T00:00:00Z", double.NaN)], CalibrationEnd, TimeUnit.Days));
        Assert.Throws<ArgumentNullException>(() => CustomerSummaryBuilder.Build(null!, CalibrationEnd, TimeUnit.Days));
    }

    [SharedDataFact(SharedData.CdnowSample, SharedData.BtydCdnowSummary)]
    public void Cdnow_sample_transactions_reproduce_BTYD_calibration_summary_for_all_2357_customers_to_1e_9()
    {
        // CDNOW_sample: master_id sample_id yyyymmdd cds dollars (whitespace-separated, no header).
        var purchases = File.ReadLines(SharedData.Require(SharedData.CdnowSample))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells.Length == 5)
            .Select(cells => new Purchase(
                int.Parse(cells[1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                new DateTimeOffset(DateTime.ParseExact(cells[2], "yyyyMMdd", CultureInfo.InvariantCulture), TimeSpan.Zero),
                double.Parse(cells[4], CultureInfo.InvariantCulture)))
            .ToArray();

        var summaries = CustomerSummaryBuilder.Build(purchases, new DateOnly(1997, 9, 30), TimeUnit.Weeks);

        var expected = SharedData.ReadCsv(SharedData.BtydCdnowSummary).ToArray();
        Assert.Equal(2357, expected.Length);
        Assert.Equal(expected.Length, summaries.Count);
        foreach (var row in expected)
        {
            var actual = summaries[row["id"]];
            Assert.Equal((int)row.Number("x"), actual.Frequency);
            Assert.Equal(row.Number("t.x"), actual.Recency, 1e-9);
            Assert.Equal(row.Number("T.cal"), actual.Age, 1e-9);
            Assert.Equal(row.Number("m.x"), actual.MonetaryValue, 1e-9);
        }
    }
}
