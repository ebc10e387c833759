using CrmGrpc.Modeling.Tests.TestSupport;

namespace CrmGrpc.Modeling.Tests;

public class PredictiveClvTests
{
    /// <summary>lifetimes' test fixture (days): the utils test "customer_lifetime_value_with_known_values".</summary>
    private static readonly BgNbdParameters LifetimesExample = new(0.16385072, 1.86428187, 1.85034151, 3.18105431);

    private static readonly (CustomerSummary Customer, double Expected)[] KnownValues =
    [
        (new(0, 0, 298), 0.016053), (new(0, 0, 224), 0.021171), (new(6, 142, 292), 0.030461),
        (new(0, 0, 147), 0.031686), (new(2, 9, 183), 0.001607),
    ];

    [Fact]
    public void One_month_undiscounted_at_value_1_equals_lifetimes_known_values_to_5_decimals()
    {
        foreach (var (customer, expected) in KnownValues)
            Assert.Equal(expected, PredictiveClv.Compute(LifetimesExample, customer, 1, 1, 0, TimeUnit.Days), 0.000005);
    }

    [Fact]
    public void Discount_rate_1_halves_one_month_and_two_months_add_a_quarter_of_the_second_to_1e_12()
    {
        foreach (var (customer, _) in KnownValues)
        {
            double month1 = LifetimesExample.ConditionalExpectedPurchases(30, customer.Frequency, customer.Recency, customer.Age);
            double month2 = LifetimesExample.ConditionalExpectedPurchases(60, customer.Frequency, customer.Recency, customer.Age) - month1;
            Assert.Equal(month1 / 2, PredictiveClv.Compute(LifetimesExample, customer, 1, 1, 1.0, TimeUnit.Days), 1e-12);
            Assert.Equal(month1 / 2 + month2 / 4, PredictiveClv.Compute(LifetimesExample, customer, 1, 2, 1.0, TimeUnit.Days), 1e-12);
        }
    }

    [SharedDataFact(SharedData.BtydCdnowSummary)]
    public void Weekly_clv_follows_lifetimes_loop_with_4_345_weeks_per_month_and_gamma_gamma_value_to_1e_9()
    {
        var customers = CdnowData.BtydSummaries.Select(row => row.Summary).ToArray();
        var transactions = BgNbdModel.Fit(customers).Parameters;
        var spend = GammaGammaModel.Fit(customers).Parameters;
        const int months = 12;
        const double rate = 0.01, margin = 0.3;

        foreach (var customer in customers.Take(50))
        {
            double value = spend.ConditionalExpectedAverageValue(customer.Frequency, customer.MonetaryValue);
            double expected = 0;
            for (int i = 1; i <= months; i++)
            {
                double t = i * 4.345;
                double purchases = transactions.ConditionalExpectedPurchases(t, customer.Frequency, customer.Recency, customer.Age)
                    - transactions.ConditionalExpectedPurchases(t - 4.345, customer.Frequency, customer.Recency, customer.Age);
                expected += value * margin * purchases / Math.Pow(1 + rate, t / 4.345);
            }
            double actual = PredictiveClv.Compute(transactions, spend, customer, months, rate, TimeUnit.Weeks, margin);
            Assert.Equal(expected, actual, 1e-9 * Math.Max(1, expected));
        }
    }

    [Fact]
    public void Batch_equals_one_by_one_and_zero_months_is_zero()
    {
        var spend = new GammaGammaParameters(6.25, 3.74, 15.44);
        CustomerSummary[] customers = [new(0, 0, 298, 0), new(6, 142, 292, 35), new(2, 9, 183, 12.5), new(0, 0, 0)];
        var batch = new double[customers.Length];

        PredictiveClv.Compute(LifetimesExample, spend, customers, batch, 6, 0.02, TimeUnit.Days, 0.25);

        for (int i = 0; i < customers.Length; i++)
        {
            Assert.Equal(PredictiveClv.Compute(LifetimesExample, spend, customers[i], 6, 0.02, TimeUnit.Days, 0.25), batch[i]);
            Assert.True(batch[i] > 0);
            Assert.Equal(0, PredictiveClv.Compute(LifetimesExample, spend, customers[i], 0, 0.02, TimeUnit.Days));
        }
    }

    [Fact]
    public void The_horizon_from_the_same_pass_equals_the_single_horizon_expectation_exactly()
    {
        foreach (var (customer, _) in KnownValues)
        {
            foreach (var horizon in new[] { 0, 1, 39, 52, 365.25 })
            {
                var clv = PredictiveClv.Compute(LifetimesExample, customer, 12.5, 12, 0.01, TimeUnit.Weeks, horizon, out var expected);

                Assert.Equal(PredictiveClv.Compute(LifetimesExample, customer, 12.5, 12, 0.01, TimeUnit.Weeks), clv);
                Assert.Equal(LifetimesExample.ConditionalExpectedPurchases(horizon, customer.Frequency, customer.Recency, customer.Age), expected);
            }
        }
    }

    [Fact]
    public void Invalid_settings_throw_ArgumentException()
    {
        var spend = new GammaGammaParameters(6.25, 3.74, 15.44);
        var customer = new CustomerSummary(1, 2, 3, 10);
        Assert.ThrowsAny<ArgumentException>(() => PredictiveClv.Compute(LifetimesExample, spend, customer, -1, 0.01, TimeUnit.Days));
        Assert.ThrowsAny<ArgumentException>(() => PredictiveClv.Compute(LifetimesExample, spend, customer, 12, -1, TimeUnit.Days));
        Assert.ThrowsAny<ArgumentException>(() => PredictiveClv.Compute(LifetimesExample, spend, customer, 12, 0.01, TimeUnit.Days, double.NaN));
        Assert.ThrowsAny<ArgumentException>(() => PredictiveClv.Compute(LifetimesExample, spend, new CustomerSummary(1, 5, 3, 10), 12, 0.01, TimeUnit.Days));
        Assert.ThrowsAny<ArgumentException>(() => PredictiveClv.Compute(LifetimesExample, spend, new CustomerSummary(1, 1, 3, -10), 12, 0.01, TimeUnit.Days));
        Assert.ThrowsAny<ArgumentException>(() => PredictiveClv.Compute(LifetimesExample, spend, [customer], new double[2], 12, 0.01, TimeUnit.Days));
    }
}
