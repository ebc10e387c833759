using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgNbd;
using CrmGrpc.Modeling.Validation;

namespace CrmGrpc.Modeling.Tests.Validation;

/// <summary>The holdout book: totals, errors and the tracking series, and books read in parts adding up to the whole.</summary>
public sealed class HoldoutBookTests
{
    private static readonly IPurchasePredictor Model = new BgNbdPredictor(new BgNbdParameters(0.243, 4.414, 0.793, 2.426));

    // (first day, repeat purchase days) of a few customers; the calibration ends on day 20, the holdout on day 34.
    private static readonly (long First, long[] Repeats)[] Customers =
    [
        (0, [3, 9, 25]), (2, []), (5, [30]), (14, [15, 16, 33]), (0, [7]), (20, []),
    ];

    private static void Add(HoldoutBook book, (long First, long[] Repeats) customer)
    {
        var calibration = customer.Repeats.Where(d => d <= 20).ToArray();
        var history = new TimedHistory(calibration.Length, (calibration.Length == 0 ? 0 : calibration[^1] - customer.First) / 7.0, (20 - customer.First) / 7.0, 0);
        book.Add(history, 14 / 7.0, customer.Repeats.Length - calibration.Length, customer.First, customer.Repeats);
    }

    [Fact]
    public void Actual_expected_errors_and_tracking_follow_their_definitions()
    {
        var book = new HoldoutBook(TimeUnit.Weeks, 20, 34);
        foreach (var customer in Customers) Add(book, customer);

        var result = book.Evaluate(Model, (first, asOf) => (asOf - first) / 7.0);

        Assert.Equal(6, result.Customers);
        Assert.Equal(3, result.ActualRepeatPurchases); // days 25, 30 and 33
        var expected = Customers.Select(c =>
        {
            var calibration = c.Repeats.Where(d => d <= 20).ToArray();
            return (Actual: c.Repeats.Length - calibration.Length, Expected: Model.ExpectedPurchases(
                new TimedHistory(calibration.Length, (calibration.Length == 0 ? 0 : calibration[^1] - c.First) / 7.0, (20 - c.First) / 7.0, 0), 2));
        }).ToList();
        Assert.Equal(expected.Sum(e => e.Expected), result.PredictedRepeatPurchases, 1e-12);
        Assert.Equal(expected.Average(e => Math.Abs(e.Actual - e.Expected)), result.MeanAbsoluteError, 1e-12);
        Assert.Equal(Math.Sqrt(expected.Average(e => Math.Pow(e.Actual - e.Expected, 2))), result.RootMeanSquaredError, 1e-12);
        // Weeks from day 0: ends 7, 14, 21, 28, 35 (the holdout ends on day 34, so the last week ends at 35).
        Assert.Equal([7L, 14, 21, 28, 35], result.Tracking.Select(p => p.EndDay));
        Assert.Equal([1.0, 3, 5, 6, 8], result.Tracking.Select(p => p.ActualCumulative));
        // By the end of day 6: the four customers who had bought by then, each E[X] over its own time since its first day.
        var byDaySix = Customers.Where(c => c.First < 7).Sum(c => Model.ExpectedRepeatPurchases((6 - c.First) / 7.0));
        Assert.Equal(byDaySix, result.Tracking[0].PredictedCumulative, 1e-12);
    }

    [Fact]
    public void Books_read_in_parts_add_up_to_the_book_read_whole()
    {
        var whole = new HoldoutBook(TimeUnit.Weeks, 20, 34);
        var first = new HoldoutBook(TimeUnit.Weeks, 20, 34);
        var second = new HoldoutBook(TimeUnit.Weeks, 20, 34);
        for (var i = 0; i < Customers.Length; i++)
        {
            Add(whole, Customers[i]);
            Add(i < 3 ? first : second, Customers[i]);
        }

        first.Add(second);

        Assert.Equal(whole.Evaluate(Model, (f, a) => (a - f) / 7.0).Tracking, first.Evaluate(Model, (f, a) => (a - f) / 7.0).Tracking);
        Assert.Equal(whole.Evaluate(Model, (f, a) => (a - f) / 7.0) with { Tracking = [] }, first.Evaluate(Model, (f, a) => (a - f) / 7.0) with { Tracking = [] });
        Assert.Throws<ArgumentException>(() => first.Add(new HoldoutBook(TimeUnit.Days, 20, 34)));
    }
}
