namespace CrmGrpc.Modeling.Tests;

public class SummaryCollapserTests
{
    [Fact]
    public void Identical_histories_collapse_to_counts_in_a_stable_order_and_monetary_value_is_ignored()
    {
        CustomerSummary[] customers =
        [
            new(2, 5, 10, 30), new(0, 0, 10), new(2, 5, 10, 99), new(0, 0, 4), new(0, 0, 10), new(1, 3, 10),
        ];

        var collapsed = SummaryCollapser.Collapse(customers);

        Assert.Equal(
            [new WeightedSummary(0, 0, 4, 1), new WeightedSummary(0, 0, 10, 2), new WeightedSummary(1, 3, 10, 1), new WeightedSummary(2, 5, 10, 2)],
            collapsed);
        Assert.Equal(customers.Length, collapsed.Sum(h => h.Weight));
    }

    [Fact]
    public void Adding_customers_one_by_one_in_any_order_collapses_as_all_at_once()
    {
        var random = new Random(7);
        var customers = Enumerable.Range(0, 2_000).Select(_ =>
        {
            var frequency = random.Next(0, 4);
            var age = random.Next(1, 30);
            return new CustomerSummary(frequency, frequency == 0 ? 0 : random.Next(0, age + 1), age, random.Next(1, 100));
        }).ToArray();

        var collapser = new SummaryCollapser();
        foreach (var customer in customers.OrderBy(_ => random.Next()))
        {
            collapser.Add(customer);
        }

        Assert.Equal(customers.Length, collapser.Customers);
        Assert.Equal(SummaryCollapser.Collapse(customers), collapser.ToArray());
        Assert.Throws<ArgumentException>(() => collapser.Add(new CustomerSummary(1, 5, 4)));
        Assert.Equal(customers.Length, collapser.Customers);
    }

    [Fact]
    public void Zero_and_negative_zero_recency_are_the_same_history()
    {
        var collapsed = SummaryCollapser.Collapse([new CustomerSummary(0, 0.0, 3), new CustomerSummary(0, -0.0, 3)]);
        Assert.Single(collapsed);
        Assert.Equal(2, collapsed[0].Weight);
    }

    [Theory]
    [InlineData(-1, 0, 5)]   // negative frequency
    [InlineData(2, 6, 5)]    // recency after age
    [InlineData(0, 1, 5)]    // recency without repeat purchases
    [InlineData(1, -1, 5)]   // negative recency
    [InlineData(1, 1, double.NaN)]
    public void Invalid_summaries_are_rejected(int frequency, double recency, double age)
        => Assert.Throws<ArgumentException>(() => SummaryCollapser.Collapse([new CustomerSummary(frequency, recency, age)]));
}
