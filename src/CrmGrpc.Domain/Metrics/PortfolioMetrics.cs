namespace CrmGrpc.Domain.Metrics;

public enum LifespanMethod
{
    Unavailable = 0,
    ObservedChurn = 1,
    InverseChurnRate = 2,
}

/// <summary>CAC and CLV:CAC of one acquisition channel.</summary>
public sealed record ChannelAcquisition(string Channel, double Spend, long CustomersAcquired, MetricValue Cac, MetricValue ClvToCacRatio);

/// <summary>The descriptive metrics of one group (or the whole book) for one period; money in major units.</summary>
public sealed record PortfolioMetrics
{
    public required Period Period { get; init; }

    public string GroupKey { get; init; } = "";

    public MetricValue AveragePurchaseValue { get; init; }

    public MetricValue PurchaseFrequency { get; init; }

    public MetricValue CustomerValue { get; init; }

    public MetricValue AverageLifespanYears { get; init; }

    public LifespanMethod LifespanMethod { get; init; }

    public MetricValue HistoricalClv { get; init; }

    public MetricValue RevenueClv { get; init; }

    public MetricValue NetClv { get; init; }

    public MetricValue Cac { get; init; }

    public MetricValue ClvToCacRatio { get; init; }

    public MetricValue ChurnRate { get; init; }

    public MetricValue RetentionRate { get; init; }

    public MetricValue RepeatPurchaseRate { get; init; }

    public MetricValue UpsellCrossSellRate { get; init; }

    public MetricValue Nps { get; init; }

    public MetricValue Csat { get; init; }

    public MetricValue CsatMean { get; init; }

    public MetricValue Ces { get; init; }

    public MetricValue FirstResponseTime { get; init; }

    public MetricValue FirstResponseTimeMedian { get; init; }

    public MetricValue AverageHandleTime { get; init; }

    public long CustomersAtStart { get; init; }

    public long CustomersAtEnd { get; init; }

    public long CustomersAcquired { get; init; }

    public long CustomersLost { get; init; }

    public long Purchases { get; init; }

    public long PurchasingCustomers { get; init; }

    public double Revenue { get; init; }

    public long NpsResponses { get; init; }

    public long CsatResponses { get; init; }

    public long CesResponses { get; init; }

    public long SupportInteractions { get; init; }

    public IReadOnlyList<ChannelAcquisition> Channels { get; init; } = [];
}
