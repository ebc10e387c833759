namespace CrmGrpc.Modeling.Models;

/// <summary>
/// Predictive CLV from any purchase model, like <see cref="PredictiveClv"/> for BG/NBD: Σ over months of the month's
/// expected purchases × value per purchase / (1 + d)^month, the expectations from the model's conditional expectation
/// at each month end (lifetimes' <c>_customer_lifetime_value</c>). BG/NBD keeps its own calculator, which shares the
/// hypergeometric part between customers; this one asks the model once per month end.
/// </summary>
public sealed class PurchaseModelClv
{
    private readonly IPurchasePredictor _model;
    private readonly double[] _horizons;
    private readonly double[] _discountDivisors;
    private readonly int _months;
    private readonly double _monthlyDiscountRate;

    /// <exception cref="ArgumentException">Months &lt; 0, d ≤ −1, or a negative or non-finite horizon.</exception>
    public PurchaseModelClv(IPurchasePredictor model, int months, double monthlyDiscountRate, TimeUnit unit, double horizon)
    {
        ArgumentNullException.ThrowIfNull(model);
        PredictiveClv.ValidateSettings(months, monthlyDiscountRate, 1);
        BgNbdParameters.RequireHorizon(horizon);
        _model = model;
        _months = months;
        _monthlyDiscountRate = monthlyDiscountRate;
        _horizons = PredictiveClv.Horizons(months, unit, horizon);
        _discountDivisors = PredictiveClv.DiscountDivisors(months, monthlyDiscountRate);
    }

    /// <summary>One customer's CLV at <paramref name="valuePerPurchase"/>, and their expected purchases within the horizon.</summary>
    public double Compute(in TimedHistory customer, double valuePerPurchase, out double expectedPurchases)
    {
        PredictiveClv.ValidateSettings(_months, _monthlyDiscountRate, valuePerPurchase);
        Span<double> expected = _horizons.Length <= 256 ? stackalloc double[_horizons.Length] : new double[_horizons.Length];
        _model.ExpectedPurchases(customer, _horizons, expected);

        return PredictiveClv.Discounted(_horizons, expected, 1, valuePerPurchase, _discountDivisors, out expectedPurchases);
    }
}
