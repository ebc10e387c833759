using CrmGrpc.Domain.Uplift;
using Xunit.Abstractions;

namespace CrmGrpc.Domain.Tests.Uplift;

/// <summary>
/// Do the 95 % intervals cover the truth 95 % of the time? 200 simulated books (fixed seeds), each a treated group of
/// 300 customers with a +25 % purchase rate after the change and a control group of 300 with none, 500 resamples
/// each. With 200 books the observed rate of a true 95 % has a standard error of 1.5 points, so the band asserted,
/// 90–99 %, is about −3.3 to +2.7 standard errors: wide enough for an honest interval, narrow enough to catch one
/// that is too short (the percentile bootstrap of a ratio undercovers a little at small n) or needlessly long.
/// </summary>
public sealed class CoverageTests(ITestOutputHelper output)
{
    private const int Books = 200;

    private const int Customers = 300;

    private const int Samples = 500;

    private const double Effect = 0.25;

    [Theory]
    [InlineData(UpliftMetric.PurchaseFrequency)]
    [InlineData(UpliftMetric.RevenuePerCustomer)]
    public void The_95_percent_intervals_cover_the_true_uplift_close_to_95_percent_of_the_time(UpliftMetric metric)
    {
        int treatedCovered = 0, controlCovered = 0, differenceCovered = 0;
        for (var book = 0; book < Books; book++)
        {
            var treated = SimulatedBook.Group("t", Customers, Effect, seed: (ulong)(1_000 + book));
            var control = SimulatedBook.Group("c", Customers, 0, seed: (ulong)(5_000 + book));

            var report = UpliftAnalysis.Run(SimulatedBook.Input(treated, control, metric, Samples, seed: book));

            treatedCovered += report.Treated.UpliftInterval!.Value.Contains(Effect) ? 1 : 0;
            controlCovered += report.Control!.UpliftInterval!.Value.Contains(0) ? 1 : 0;
            differenceCovered += report.DifferenceInDifferences!.Interval!.Value.Contains(Effect) ? 1 : 0;
        }

        var rates = (Treated: (double)treatedCovered / Books, Control: (double)controlCovered / Books, Difference: (double)differenceCovered / Books);
        output.WriteLine($"{metric}: coverage treated {rates.Treated:P1}, control {rates.Control:P1}, difference in differences {rates.Difference:P1}");
        Assert.InRange(rates.Treated, 0.90, 0.99);
        Assert.InRange(rates.Control, 0.90, 0.99);
        Assert.InRange(rates.Difference, 0.90, 0.99);
    }
}
