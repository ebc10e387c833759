namespace CrmGrpc.Domain.Quality;

/// <summary>
/// When a purchase amount is an outlier. A PURCHASE (refunds never are) whose amount_minor is
/// <list type="number">
/// <item>above the book's far-out fence Q3 + 3 × IQR (Tukey), where Q1 and Q3 are the quartiles of every
/// purchase amount in the book by linear interpolation between closest ranks (<see cref="Quantile"/>: numpy's
/// default, Excel's QUARTILE.INC), and</item>
/// <item>when its customer has at least 3 purchases, above 10 × the median of that customer's purchase amounts
/// (the purchase itself included; a median of an even count is the mean of the middle two).</item>
/// </list>
/// The book's fence finds amounts far outside everyone's spending; the customer's median keeps a big but
/// habitual spender's purchases out of the list. With fewer than 3 purchases a customer has no distribution
/// of its own and the book's fence decides alone.
/// </summary>
public static class OutlierRule
{
    public const double IqrMultiplier = 3;

    public const double CustomerMedianMultiplier = 10;

    public const long MinCustomerPurchases = 3;

    /// <summary>One line for the report; amounts in major units of <paramref name="currency"/>.</summary>
    public static string Describe(OutlierFence fence, string currency, int minorPerMajor) =>
        FormattableString.Invariant(
            $"Purchases above the book's far-out fence Q3 + 3 × IQR = {fence.Fence / minorPerMajor:0.##} {currency} ")
        + FormattableString.Invariant(
            $"(Q1 {fence.Q1 / minorPerMajor:0.##}, Q3 {fence.Q3 / minorPerMajor:0.##} over {fence.Purchases} purchases, linear interpolation) ")
        + "and, for customers with at least 3 purchases, above 10 × the median of the customer's own purchases.";

    /// <summary>Q3 + 3 × (Q3 − Q1).</summary>
    public static double BookFence(double q1, double q3) => q3 + (IqrMultiplier * (q3 - q1));

    /// <summary>
    /// The rule for one purchase of <paramref name="amountMinor"/> by a customer with
    /// <paramref name="customerPurchases"/> purchases whose median amount is <paramref name="customerMedianMinor"/>.
    /// </summary>
    public static bool IsOutlier(long amountMinor, double bookFence, long customerPurchases, double customerMedianMinor) =>
        amountMinor > bookFence
        && (customerPurchases < MinCustomerPurchases || amountMinor > CustomerMedianMultiplier * customerMedianMinor);
}
