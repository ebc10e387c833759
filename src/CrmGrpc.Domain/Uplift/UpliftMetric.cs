namespace CrmGrpc.Domain.Uplift;

/// <summary>
/// The metric whose uplift is measured; mirrors crm.v1.UpliftMetric. Each is a per-customer value in a window,
/// averaged over every customer of the group (those with no activity count as 0), see <see cref="CustomerValues"/>.
/// </summary>
public enum UpliftMetric
{
    /// <summary>Net revenue (purchases − refunds) in the window, major units.</summary>
    RevenuePerCustomer = 1,

    /// <summary>Purchases in the window (refunds are not purchases).</summary>
    PurchaseFrequency = 2,

    /// <summary>1 when the customer made two or more purchases in the window, else 0.</summary>
    RepeatPurchaseRate = 3,

    /// <summary>Cumulative net revenue from the customer's first transaction to the window's end, major units.</summary>
    HistoricalClv = 4,
}
