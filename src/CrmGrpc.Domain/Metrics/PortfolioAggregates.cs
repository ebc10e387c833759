namespace CrmGrpc.Domain.Metrics;

/// <summary>
/// Additive sums over the customers of one (group, acquisition channel) cell for a period; the store fills
/// them with one scan per table, the calculator turns them into metrics. Money is in minor units.
/// </summary>
public sealed class CustomerCell
{
    /// <summary>PURCHASE transactions in the period.</summary>
    public long Purchases { get; set; }

    // The money sums are doubles, as SQLite's total() returns them: a book-wide sum can pass 2^63 (ten million rows
    // near the largest amount), where a 64-bit integer would overflow; every result is a double in major units anyway.

    /// <summary>Sum of PURCHASE amounts in the period.</summary>
    public double PurchaseRevenueMinor { get; set; }

    /// <summary>Purchases minus refunds in the period.</summary>
    public double NetRevenueMinor { get; set; }

    /// <summary>Sum of cost_minor where recorded, and how many transactions had one.</summary>
    public double CostMinor { get; set; }

    public long CostRows { get; set; }

    public long PurchasingCustomers { get; set; }

    public long RepeatCustomers { get; set; }

    public long UpsellCrossSellTransactions { get; set; }

    public long CustomersAtStart { get; set; }

    public long CustomersAtEnd { get; set; }

    public long CustomersAcquired { get; set; }

    public long CustomersLost { get; set; }

    /// <summary>Customers who churned before the period's end, and the sum of their lifespans in days.</summary>
    public long ChurnedByEnd { get; set; }

    public double LifespanDaysSum { get; set; }

    public void Add(CustomerCell other)
    {
        Purchases += other.Purchases;
        PurchaseRevenueMinor += other.PurchaseRevenueMinor;
        NetRevenueMinor += other.NetRevenueMinor;
        CostMinor += other.CostMinor;
        CostRows += other.CostRows;
        PurchasingCustomers += other.PurchasingCustomers;
        RepeatCustomers += other.RepeatCustomers;
        UpsellCrossSellTransactions += other.UpsellCrossSellTransactions;
        CustomersAtStart += other.CustomersAtStart;
        CustomersAtEnd += other.CustomersAtEnd;
        CustomersAcquired += other.CustomersAcquired;
        CustomersLost += other.CustomersLost;
        ChurnedByEnd += other.ChurnedByEnd;
        LifespanDaysSum += other.LifespanDaysSum;
    }
}

/// <summary>Survey and support sums of one group for a period.</summary>
public sealed class EngagementCell
{
    public long NpsResponses { get; set; }

    public long Promoters { get; set; }

    public long Detractors { get; set; }

    public long CsatResponses { get; set; }

    public long CsatSatisfied { get; set; }

    public double CsatScoreSum { get; set; }

    public long CesResponses { get; set; }

    public double CesScoreSum { get; set; }

    public long SupportInteractions { get; set; }

    public double HandleSecondsSum { get; set; }

    /// <summary>First response times in seconds of the interactions that had one (for mean and median).</summary>
    public List<double> FirstResponseSeconds { get; } = [];

    public void Add(EngagementCell other)
    {
        NpsResponses += other.NpsResponses;
        Promoters += other.Promoters;
        Detractors += other.Detractors;
        CsatResponses += other.CsatResponses;
        CsatSatisfied += other.CsatSatisfied;
        CsatScoreSum += other.CsatScoreSum;
        CesResponses += other.CesResponses;
        CesScoreSum += other.CesScoreSum;
        SupportInteractions += other.SupportInteractions;
        HandleSecondsSum += other.HandleSecondsSum;
        FirstResponseSeconds.AddRange(other.FirstResponseSeconds);
    }
}

/// <summary>Marketing spend of one channel attributed to the period (pro rata by overlap), minor units.</summary>
public readonly record struct ChannelSpend(double AmountMinor, long Rows);

/// <summary>Everything the store read for one period: cells by group then channel, engagement by group, spend by channel.</summary>
public sealed class PortfolioAggregates
{
    public Dictionary<string, Dictionary<string, CustomerCell>> Customers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EngagementCell> Engagement { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ChannelSpend> Spend { get; } = new(StringComparer.Ordinal);

    public CustomerCell Cell(string group, string channel)
    {
        if (!Customers.TryGetValue(group, out var channels))
        {
            Customers[group] = channels = new Dictionary<string, CustomerCell>(StringComparer.Ordinal);
        }

        if (!channels.TryGetValue(channel, out var cell))
        {
            channels[channel] = cell = new CustomerCell();
        }

        return cell;
    }

    public EngagementCell EngagementOf(string group)
    {
        if (!Engagement.TryGetValue(group, out var cell))
        {
            Engagement[group] = cell = new EngagementCell();
        }

        return cell;
    }
}
