namespace CrmGrpc.Modeling.Tests;

public class BookSimulatorTests
{
    private static readonly BgNbdParameters Cdnow = new(0.243, 4.414, 0.793, 2.426);

    [Fact]
    public void Same_seed_gives_the_same_book_and_summaries_match_the_full_simulation()
    {
        var settings = new BookSimulationSettings(Cdnow, 2_000, 39) { Spend = new GammaGammaParameters(6.25, 3.74, 15.44), AcquisitionWindow = 12, Seed = 99 };

        var first = BookSimulator.SimulateSummaries(settings);
        var second = BookSimulator.SimulateSummaries(settings);
        var full = BookSimulator.Simulate(settings);
        var other = BookSimulator.SimulateSummaries(settings with { Seed = 100 });

        Assert.Equal(first, second);
        Assert.Equal(first, full.Select(c => c.Summary));
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Simulated_histories_are_valid_and_consistent_with_their_transactions_monetary_value_to_1e_9()
    {
        var settings = new BookSimulationSettings(Cdnow, 5_000, 39) { Spend = new GammaGammaParameters(6.25, 3.74, 15.44), AcquisitionWindow = 12, Seed = 5 };
        foreach (var customer in BookSimulator.Simulate(settings))
        {
            var s = customer.Summary;
            Assert.Equal(customer.PurchaseTimes.Count - 1, s.Frequency);
            Assert.Equal(customer.PurchaseTimes[^1], s.Recency);
            Assert.InRange(s.Age, 39 - 12, 39);
            Assert.InRange(s.Recency, 0, s.Age);
            Assert.True(customer.PurchaseAmounts.All(amount => amount > 0));
            Assert.Equal(s.Frequency == 0 ? 0 : customer.PurchaseAmounts.Skip(1).Average(), s.MonetaryValue, 1e-9);
            Assert.True(customer.IsAlive || s.Frequency > 0, "dropout only happens after a repeat purchase");
        }
    }

    [Fact]
    public void Mean_repeat_purchases_match_the_model_expectation_within_4_standard_errors()
    {
        const int count = 20_000;
        var book = BookSimulator.SimulateSummaries(new BookSimulationSettings(Cdnow, count, 39) { Seed = 8 });
        double mean = book.Average(c => c.Frequency);
        double sd = Math.Sqrt(book.Sum(c => (c.Frequency - mean) * (c.Frequency - mean)) / (count - 1));
        Assert.Equal(Cdnow.ExpectedPurchases(39), mean, 4 * sd / Math.Sqrt(count));
    }

    [Fact]
    public void Daily_resolution_merges_same_day_purchases_into_whole_day_summaries()
    {
        var fast = new BgNbdParameters(2, 1, 0.5, 10); // about 2 purchases a day: many same-day collisions
        var settings = new BookSimulationSettings(fast, 500, 30) { TimeResolution = 1, AcquisitionWindow = 10, Spend = new GammaGammaParameters(6, 4, 15), Seed = 1 };
        foreach (var customer in BookSimulator.Simulate(settings))
        {
            var times = customer.PurchaseTimes;
            Assert.All(times, t => Assert.Equal(Math.Floor(t), t));
            Assert.Equal(times.Count, times.Distinct().Count());
            Assert.Equal(Math.Floor(customer.Summary.Age), customer.Summary.Age);
            Assert.InRange(customer.Summary.Age, 19, 29);
            Assert.InRange(customer.Summary.Recency, 0, customer.Summary.Age);
        }
    }

    [Fact]
    public void Extreme_parameters_simulate_without_errors()
    {
        foreach (var parameters in new[] { new BgNbdParameters(1e-6, 4, 0.8, 2.4), new BgNbdParameters(0.5, 4, 1e-6, 2.4), new BgNbdParameters(0.5, 4, 0.8, 1e-6) })
        {
            var book = BookSimulator.SimulateSummaries(new BookSimulationSettings(parameters, 1_000, 39) { Seed = 2 });
            Assert.All(book, c => Assert.InRange(c.Recency, 0, c.Age));
        }
    }

    [Fact]
    public void Invalid_settings_throw_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => BookSimulator.SimulateSummaries(new BookSimulationSettings(Cdnow, -1, 39)));
        Assert.Throws<ArgumentException>(() => BookSimulator.SimulateSummaries(new BookSimulationSettings(Cdnow, 10, 0)));
        Assert.Throws<ArgumentException>(() => BookSimulator.SimulateSummaries(new BookSimulationSettings(Cdnow, 10, 39) { AcquisitionWindow = 40 }));
        Assert.Throws<ArgumentException>(() => BookSimulator.SimulateSummaries(new BookSimulationSettings(Cdnow, 10, 39) { TimeResolution = -1 }));
    }
}
