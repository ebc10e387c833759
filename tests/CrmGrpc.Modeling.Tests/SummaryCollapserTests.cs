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
