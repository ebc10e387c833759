namespace CrmGrpc.Modeling.Tests;

public class PredictiveClvCalculatorTests
{
    private static readonly BgNbdParameters Transactions = new(0.243, 4.414, 0.793, 2.426);

    /// <summary>Customers sharing (x, T) with different t_x, one-time buyers, and the odd extreme.</summary>
    private static List<CustomerSummary> Book()
    {
        var random = new Random(3);
        var book = new List<CustomerSummary>();
        for (var i = 0; i < 5_000; i++)
        {
            var ageDays = random.Next(0, 120);
            var x = random.Next(4) == 0 ? 0 : random.Next(1, 12);
            var recencyDays = x == 0 ? 0 : random.Next(0, ageDays + 1);
            book.Add(new CustomerSummary(x, recencyDays / 7.0, ageDays / 7.0, 20));
        }

        book.Add(new CustomerSummary(0, 0, 0, 0));
        book.Add(new CustomerSummary(300, 500, 500, 10));
        return book;
    }

    [Theory]
    [InlineData(12, 0.01, 52.0, PredictiveClvCalculator.DefaultCapacity)]
    [InlineData(3, 0.0, 0.0, PredictiveClvCalculator.DefaultCapacity)]
    [InlineData(0, 0.05, 39.0, PredictiveClvCalculator.DefaultCapacity)]
    [InlineData(12, 0.01, 52.0, 0)] // nothing kept: every customer computed afresh
    public void Results_equal_the_one_customer_computation_bit_for_bit_from_many_threads(int months, double discount, double horizon, int capacity)
    {
        var book = Book();
        var calculator = new PredictiveClvCalculator(Transactions, months, discount, TimeUnit.Weeks, horizon, capacity);
        var clv = new double[book.Count];
        var expected = new double[book.Count];

        // Twice over, in parallel: the second pass reads what the first kept.
        for (var pass = 0; pass < 2; pass++)
        {
            Parallel.For(0, book.Count, i => clv[i] = calculator.Compute(book[i], 12.5, out expected[i]));
        }

        for (var i = 0; i < book.Count; i++)
        {
            var reference = PredictiveClv.Compute(Transactions, book[i], 12.5, months, discount, TimeUnit.Weeks, horizon, out var referenceExpected);
            Assert.Equal(reference, clv[i]);
            Assert.Equal(referenceExpected, expected[i]);
            Assert.Equal(Transactions.ConditionalExpectedPurchases(horizon, book[i].Frequency, book[i].Recency, book[i].Age), expected[i]);
        }
    }

    [Fact]
    public void Each_month_is_divided_by_one_plus_the_rate_to_its_power_bit_for_bit_as_lifetimes_sums()
    {
        var calculator = new PredictiveClvCalculator(Transactions, 12, 0.01, TimeUnit.Weeks, 52);
        foreach (var customer in Book().Where((_, i) => i % 25 == 0))
        {
            double expected = 0, previous = 0;
            for (var month = 1; month <= 12; month++)
            {
                var cumulative = Transactions.ConditionalExpectedPurchases(month * TimeUnit.Weeks.UnitsPerMonth(), customer.Frequency, customer.Recency, customer.Age);
                expected += (cumulative - previous) * 12.5 / Math.Pow(1 + 0.01, month);
                previous = cumulative;
            }

            Assert.Equal(expected, PredictiveClv.Compute(Transactions, customer, 12.5, 12, 0.01, TimeUnit.Weeks));
            Assert.Equal(expected, calculator.Compute(customer, 12.5, out _));
        }
    }

    [Fact]
    public void Invalid_settings_and_values_throw_ArgumentException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PredictiveClvCalculator(Transactions, -1, 0.01, TimeUnit.Weeks, 52));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PredictiveClvCalculator(Transactions, 12, -1, TimeUnit.Weeks, 52));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PredictiveClvCalculator(Transactions, 12, 0.01, TimeUnit.Weeks, double.NaN));
        var calculator = new PredictiveClvCalculator(Transactions, 12, 0.01, TimeUnit.Weeks, 52);
        Assert.Throws<ArgumentOutOfRangeException>(() => calculator.Compute(new CustomerSummary(1, 1, 2, 10), double.PositiveInfinity, out _));
        Assert.ThrowsAny<ArgumentException>(() => calculator.Compute(new CustomerSummary(1, 3, 2, 10), 10, out _));
    }
}
