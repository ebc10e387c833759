using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Domain.Tests.Uplift;

public sealed class CustomerValuesTests
{
    // prior: 2 rows net 30.00; early: 1 purchase 10.00; late: 2 purchases 50.00 and a 5.00 refund; post: 3 purchases 90.00.
    private static readonly CustomerWindowSums Sums = new(
        "c", "smb", "web", DateTimeOffset.UnixEpoch,
        new WindowSums(2, 2, 30_00), new WindowSums(1, 1, 10_00), new WindowSums(3, 2, 45_00), new WindowSums(3, 3, 90_00));

    [Fact]
    public void Revenue_is_net_minor_units_per_window()
    {
        Assert.Equal(new CustomerValues(55_00, 90_00, 10_00, 45_00), CustomerValues.Of(UpliftMetric.RevenuePerCustomer, Sums));
        Assert.Equal(100, CustomerValues.MinorUnitsPerReported(UpliftMetric.RevenuePerCustomer, 100));
    }

    [Fact]
    public void Purchase_frequency_counts_purchases_not_refunds()
    {
        Assert.Equal(new CustomerValues(3, 3, 1, 2), CustomerValues.Of(UpliftMetric.PurchaseFrequency, Sums));
        Assert.Equal(1, CustomerValues.MinorUnitsPerReported(UpliftMetric.PurchaseFrequency, 100));
    }

    [Fact]
    public void Repeat_purchase_is_one_from_two_purchases_in_the_window()
    {
        Assert.Equal(new CustomerValues(1, 1, 0, 1), CustomerValues.Of(UpliftMetric.RepeatPurchaseRate, Sums));
    }

    [Fact]
    public void Historical_clv_is_cumulative_to_each_window_end()
    {
        // baseline: to the change 30 + 10 + 45; post: + 90; halves: to the midpoint 30 + 10, to the change 85.
        Assert.Equal(new CustomerValues(85_00, 175_00, 40_00, 85_00), CustomerValues.Of(UpliftMetric.HistoricalClv, Sums));
        Assert.True(CustomerValues.NeedsHistory(UpliftMetric.HistoricalClv));
        Assert.False(CustomerValues.NeedsHistory(UpliftMetric.RevenuePerCustomer));
    }
}
