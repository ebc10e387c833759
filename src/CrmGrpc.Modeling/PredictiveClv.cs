namespace CrmGrpc.Modeling;

/// <summary>
/// Predictive customer lifetime value exactly as lifetimes' <c>GammaGammaFitter.customer_lifetime_value</c>
/// (via <c>utils._customer_lifetime_value</c>):
/// <code>CLV = Σ_{i=1..H} (E[Y(i·f)] − E[Y((i−1)·f)]) · E[Z | x, z̄] · margin / (1 + d)^i</code>
/// where E[Y(t)] is the BG/NBD conditional expectation (eq. 10), E[Z | x, z̄] the Gamma-Gamma expected average
/// value, H the horizon in months, d the monthly discount rate and f the number of time units in a month:
/// 30 for <see cref="TimeUnit.Days"/>, 4.345 for <see cref="TimeUnit.Weeks"/> (lifetimes' factors; see
/// <see cref="TimeUnitExtensions.UnitsPerMonth"/>). lifetimes has no margin; margin = 1 reproduces it.
/// </summary>
public static class PredictiveClv
{
    /// <summary>CLV of one customer over <paramref name="months"/> months, valuing purchases with Gamma-Gamma.</summary>
    /// <param name="transactions">Fitted BG/NBD parameters (α in <paramref name="unit"/>).</param>
    /// <param name="spend">Fitted Gamma-Gamma parameters.</param>
    /// <param name="customer">The customer's summary in <paramref name="unit"/> (its monetary value is z̄).</param>
    /// <param name="months">Horizon H in months (lifetimes' <c>time</c>), ≥ 0.</param>
    /// <param name="monthlyDiscountRate">d (lifetimes' <c>discount_rate</c>), &gt; −1.</param>
    /// <param name="unit">Time unit of the summary and of α (lifetimes' <c>freq</c>).</param>
    /// <param name="margin">Profit margin applied to the expected value (1 = revenue, as lifetimes).</param>
    /// <exception cref="ArgumentException">Invalid history, a negative average spend, months &lt; 0, d ≤ −1, or a non-finite margin.</exception>
    /// <exception cref="InvalidOperationException">The Gamma-Gamma expected value does not exist (p·x + q ≤ 1).</exception>
    public static double Compute(BgNbdParameters transactions, GammaGammaParameters spend, CustomerSummary customer,
        int months, double monthlyDiscountRate, TimeUnit unit, double margin = 1)
    {
        ArgumentNullException.ThrowIfNull(spend);
        double value = spend.ConditionalExpectedAverageValue(customer.Frequency, customer.Frequency > 0 ? customer.MonetaryValue : 0);
        return Compute(transactions, customer, value * margin, months, monthlyDiscountRate, unit);
    }

    /// <summary>
    /// CLV of one customer with a given value per purchase (lifetimes' <c>_customer_lifetime_value</c> with
    /// <c>monetary_value</c> = <paramref name="valuePerPurchase"/>): Σ_{i=1..H} (E[Y(i·f)] − E[Y((i−1)·f)]) · value / (1+d)^i.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history, a non-finite value, months &lt; 0 or d ≤ −1.</exception>
    public static double Compute(BgNbdParameters transactions, CustomerSummary customer, double valuePerPurchase,
        int months, double monthlyDiscountRate, TimeUnit unit) =>
        Compute(transactions, customer, valuePerPurchase, months, monthlyDiscountRate, unit, 0, out _);

    /// <summary>
    /// The CLV as above and, from the same pass over the series, the conditional expected purchases within
    /// <paramref name="horizon"/> (identical to <see cref="BgNbdParameters.ConditionalExpectedPurchases(double, int, double, double)"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history, a non-finite value, months &lt; 0, d ≤ −1 or an invalid horizon.</exception>
    public static double Compute(BgNbdParameters transactions, CustomerSummary customer, double valuePerPurchase,
        int months, double monthlyDiscountRate, TimeUnit unit, double horizon, out double expectedPurchases)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ValidateSettings(months, monthlyDiscountRate, valuePerPurchase);
        customer.Validate(nameof(customer));

        // All monthly expectations and the horizon's in one pass (each identical to the single-horizon call).
        const int StackHorizons = 256;
        int count = months + 1;
        Span<double> horizons = count <= StackHorizons ? stackalloc double[count] : new double[count];
        Span<double> ifAlive = count <= StackHorizons ? stackalloc double[count] : new double[count];
        Span<double> divisors = months <= StackHorizons ? stackalloc double[months] : new double[months];
        Horizons(months, unit, horizon, horizons);
        DiscountDivisors(monthlyDiscountRate, divisors);
        transactions.ExpectedPurchasesIfAlive(horizons, customer.Frequency, customer.Age, ifAlive);
        double alive = transactions.ProbabilityAlive(customer.Frequency, customer.Recency, customer.Age);
        return Discounted(horizons, ifAlive, alive, valuePerPurchase, divisors, out expectedPurchases);
    }

    /// <summary>(1 + d)^month for the months 1..H: the CLV's discount divisors, the same for every customer.</summary>
    internal static double[] DiscountDivisors(int months, double monthlyDiscountRate)
    {
        var divisors = new double[months];
        DiscountDivisors(monthlyDiscountRate, divisors);
        return divisors;
    }

    private static void DiscountDivisors(double monthlyDiscountRate, Span<double> divisors)
    {
        for (int month = 1; month <= divisors.Length; month++) divisors[month - 1] = Math.Pow(1 + monthlyDiscountRate, month);
    }

    /// <summary>The month ends 1..H in <paramref name="unit"/>, then <paramref name="horizon"/>.</summary>
    internal static double[] Horizons(int months, TimeUnit unit, double horizon)
    {
        var horizons = new double[months + 1];
        Horizons(months, unit, horizon, horizons);
        return horizons;
    }

    private static void Horizons(int months, TimeUnit unit, double horizon, Span<double> horizons)
    {
        double unitsPerMonth = unit.UnitsPerMonth();
        for (int month = 1; month <= months; month++) horizons[month - 1] = month * unitsPerMonth;
        horizons[months] = horizon;
    }

    /// <summary>
    /// The CLV sum from the expectations if alive at <see cref="Horizons(int, TimeUnit, double)"/>: E[Y(t)] = P(alive) ·
    /// E[Y(t) | alive], 0 at t = 0, as <see cref="BgNbdParameters.ConditionalExpectedPurchases(double, int, double, double)"/>.
    /// </summary>
    /// The months' divisors come from <see cref="DiscountDivisors(int, double)"/>: computed once, not per customer.
    internal static double Discounted(ReadOnlySpan<double> horizons, ReadOnlySpan<double> ifAlive, double alive, double valuePerPurchase,
        ReadOnlySpan<double> discountDivisors, out double expectedPurchases)
    {
        int months = discountDivisors.Length;
        double clv = 0, previous = 0;
        for (int month = 1; month <= months; month++)
        {
            double cumulative = horizons[month - 1] == 0 ? 0 : alive * ifAlive[month - 1];
            clv += (cumulative - previous) * valuePerPurchase / discountDivisors[month - 1];
            previous = cumulative;
        }
        expectedPurchases = horizons[months] == 0 ? 0 : alive * ifAlive[months];
        return clv;
    }

    /// <summary>CLV of many customers, in parallel; <paramref name="destination"/> receives one value per customer.</summary>
    /// <exception cref="ArgumentException">Length mismatch, or any argument <see cref="Compute(BgNbdParameters, GammaGammaParameters, CustomerSummary, int, double, TimeUnit, double)"/> rejects.</exception>
    public static void Compute(BgNbdParameters transactions, GammaGammaParameters spend, ReadOnlySpan<CustomerSummary> customers,
        Span<double> destination, int months, double monthlyDiscountRate, TimeUnit unit, double margin = 1)
    {
        if (destination.Length != customers.Length)
            throw new ArgumentException("The destination must have one slot per customer.", nameof(destination));
        ValidateSettings(months, monthlyDiscountRate, margin);
        var input = customers.ToArray();
        var output = new double[input.Length];
        Parallel.For(0, input.Length, new ParallelOptions { TaskScheduler = TaskScheduler.Current }, i => output[i] = Compute(transactions, spend, input[i], months, monthlyDiscountRate, unit, margin));
        output.CopyTo(destination);
    }

    internal static void ValidateSettings(int months, double monthlyDiscountRate, double valueFactor)
    {
        if (months < 0) throw new ArgumentOutOfRangeException(nameof(months), months, "The horizon must be non-negative.");
        if (!(monthlyDiscountRate > -1) || !double.IsFinite(monthlyDiscountRate))
            throw new ArgumentOutOfRangeException(nameof(monthlyDiscountRate), monthlyDiscountRate, "The discount rate must be finite and above −1.");
        if (!double.IsFinite(valueFactor)) throw new ArgumentOutOfRangeException(nameof(valueFactor), valueFactor, "Margin and value must be finite.");
    }
}
