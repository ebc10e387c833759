using System.Collections.Concurrent;

namespace CrmGrpc.Modeling;

/// <summary>
/// <see cref="PredictiveClv"/> for many customers under one model and one set of settings, sharing its costly
/// part. The conditional expectation is P(alive | x, t_x, T) · E[Y(t) | alive, x, T], and only the second
/// factor needs the hypergeometric series, which depends on (x, T) alone: customers with the same frequency
/// and age share it. A book of a million customers has tens of thousands of such pairs, so nearly every
/// customer costs one closed-form P(alive). Results are identical, bit for bit, to
/// <see cref="PredictiveClv.Compute(BgNbdParameters, CustomerSummary, double, int, double, TimeUnit, double, out double)"/>.
/// Safe to use from several threads at once.
/// </summary>
public sealed class PredictiveClvCalculator
{
    /// <summary>How many (x, T) pairs are kept by default: about 25 MB at 13 horizons; beyond it, pairs are computed each time.</summary>
    public const int DefaultCapacity = 200_000;

    private readonly BgNbdParameters _transactions;
    private readonly double[] _horizons;
    private readonly double[] _discountDivisors;
    private readonly int _months;
    private readonly double _monthlyDiscountRate;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<(int Frequency, double Age), double[]> _ifAlive = new();

    // Counted here: ConcurrentDictionary.Count takes every lock of the table.
    private int _kept;

    /// <param name="transactions">Fitted BG/NBD parameters (α in <paramref name="unit"/>).</param>
    /// <param name="months">Horizon of the CLV in months, ≥ 0.</param>
    /// <param name="monthlyDiscountRate">d, &gt; −1.</param>
    /// <param name="unit">Time unit of the summaries and of α.</param>
    /// <param name="horizon">The horizon of the expected purchases reported beside the CLV, in <paramref name="unit"/>.</param>
    /// <param name="capacity">Most (x, T) pairs kept.</param>
    /// <exception cref="ArgumentException">Months &lt; 0, d ≤ −1, or a negative or non-finite horizon.</exception>
    public PredictiveClvCalculator(BgNbdParameters transactions, int months, double monthlyDiscountRate, TimeUnit unit, double horizon,
        int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        PredictiveClv.ValidateSettings(months, monthlyDiscountRate, 1);
        BgNbdParameters.RequireHorizon(horizon);
        _transactions = transactions;
        _months = months;
        _monthlyDiscountRate = monthlyDiscountRate;
        _capacity = capacity;
        _horizons = PredictiveClv.Horizons(months, unit, horizon);
        _discountDivisors = PredictiveClv.DiscountDivisors(months, monthlyDiscountRate);
    }

    /// <summary>One customer's CLV at <paramref name="valuePerPurchase"/>, and their expected purchases within the horizon.</summary>
    /// <exception cref="ArgumentException">Invalid history or a non-finite value.</exception>
    public double Compute(CustomerSummary customer, double valuePerPurchase, out double expectedPurchases)
    {
        PredictiveClv.ValidateSettings(_months, _monthlyDiscountRate, valuePerPurchase);
        customer.Validate(nameof(customer));
        var key = (customer.Frequency, customer.Age + 0.0);
        if (!_ifAlive.TryGetValue(key, out var ifAlive))
        {
            ifAlive = new double[_horizons.Length];
            _transactions.ExpectedPurchasesIfAlive(_horizons, customer.Frequency, customer.Age, ifAlive);
            if (Volatile.Read(ref _kept) < _capacity && _ifAlive.TryAdd(key, ifAlive))
            {
                Interlocked.Increment(ref _kept);
            }
        }

        double alive = _transactions.ProbabilityAlive(customer.Frequency, customer.Recency, customer.Age);
        return PredictiveClv.Discounted(_horizons, ifAlive, alive, valuePerPurchase, _discountDivisors, out expectedPurchases);
    }
}
