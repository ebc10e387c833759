using CrmGrpc.Domain.Quality;

namespace CrmGrpc.Domain.Tests.Quality;

public class OutlierRuleTests
{
    [Fact]
    public void The_book_fence_is_Q3_plus_three_interquartile_ranges()
    {
        Assert.Equal(70 + (3 * (70 - 10)), OutlierRule.BookFence(10, 70));
        Assert.Equal(50, OutlierRule.BookFence(50, 50)); // no spread: anything above Q3
    }

    [Fact]
    public void With_fewer_than_3_purchases_the_book_fence_decides_alone()
    {
        Assert.True(OutlierRule.IsOutlier(251, 250, 2, 200));
        Assert.True(OutlierRule.IsOutlier(251, 250, 1, 251));
        Assert.False(OutlierRule.IsOutlier(250, 250, 1, 250)); // at the fence is not above it
    }

    [Fact]
    public void From_3_purchases_the_amount_must_also_exceed_10_times_the_customers_median()
    {
        Assert.True(OutlierRule.IsOutlier(1_001, 250, 3, 100));
        Assert.False(OutlierRule.IsOutlier(1_000, 250, 3, 100)); // exactly 10 × the median
        Assert.False(OutlierRule.IsOutlier(1_000, 250, 5, 900)); // a habitual big spender
        Assert.False(OutlierRule.IsOutlier(200, 250, 3, 10));    // under the book's fence
    }

    [Fact]
    public void The_description_states_the_rule_with_the_fence_in_major_units()
    {
        var description = OutlierRule.Describe(new OutlierFence(8, 10_00, 70_00), "USD", 100);

        Assert.Equal(
            "Purchases above the book's far-out fence Q3 + 3 × IQR = 250 USD (Q1 10, Q3 70 over 8 purchases, linear interpolation) "
            + "and, for customers with at least 3 purchases, above 10 × the median of the customer's own purchases.",
            description);
    }
}
