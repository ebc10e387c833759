namespace CrmGrpc.Domain.Metrics;

/// <summary>Settings of the descriptive metrics.</summary>
/// <summary>Settings of the descriptive metrics; <paramref name="Churn"/> is the churn definition the store's counts used.</summary>
public sealed record PortfolioSettings(int MinChurnedForObservedLifespan = 30, ChurnDefinition Churn = default);

/// <summary>
/// The descriptive metrics of METRICS.md from a period's sums. Pure arithmetic; every metric that cannot be
/// computed is absent with its reason. Rates per year use years of 365.25 days.
/// </summary>
public static class PortfolioCalculator
{
    public const double DaysPerYear = 365.25;

    /// <summary>
    /// Metrics of one group. <paramref name="spend"/> is the marketing spend by channel, or null when spend
    /// cannot be attributed to this grouping (spend is recorded per channel, not per segment).
    /// </summary>
    public static PortfolioMetrics Calculate(
        Period period, string groupKey, IReadOnlyDictionary<string, CustomerCell> cellsByChannel, EngagementCell engagement,
        IReadOnlyDictionary<string, ChannelSpend>? spend, int minorPerMajor, PortfolioSettings settings)
    {
        var total = new CustomerCell();
        foreach (var cell in cellsByChannel.Values)
        {
            total.Add(cell);
        }

        var years = period.Length.TotalDays / DaysPerYear;
        double Major(double minor) => minor / minorPerMajor;

        var apv = MetricValue.Ratio(Major(total.PurchaseRevenueMinor), total.Purchases, "no purchases in the period");
        var frequency = MetricValue.Ratio(total.Purchases, total.PurchasingCustomers, "no purchasing customers in the period");
        var churn = MetricValue.Ratio(total.CustomersLost, total.CustomersAtStart, "no customers at the start of the period");
        var (lifespan, lifespanMethod) = Lifespan(total, churn, years, settings);
        var historicalClv = HistoricalClv(apv, frequency, years, lifespan);
        var annualRevenue = MetricValue.Ratio(Major(total.NetRevenueMinor), total.PurchasingCustomers * years, "no purchasing customers in the period");
        var revenueClv = annualRevenue.With(lifespan, (a, l) => a * l);
        var cac = Cac(total.CustomersAcquired, spend, minorPerMajor);
        var annualCost = total.CostRows == 0
            ? MetricValue.Unavailable("no transaction in the period records a cost to serve (cost_minor)")
            : MetricValue.Ratio(Major(total.CostMinor), total.PurchasingCustomers * years, "no purchasing customers in the period");

        var channels = spend is null
            ? []
            : cellsByChannel.Keys.Union(spend.Keys).Order(StringComparer.Ordinal).Select(channel =>
            {
                var cell = cellsByChannel.GetValueOrDefault(channel) ?? new CustomerCell();
                var channelCac = Cac(cell.CustomersAcquired, spend.TryGetValue(channel, out var s)
                    ? new Dictionary<string, ChannelSpend> { [channel] = s } : new Dictionary<string, ChannelSpend>(), minorPerMajor);
                var channelClv = HistoricalClv(
                    MetricValue.Ratio(Major(cell.PurchaseRevenueMinor), cell.Purchases, "no purchases in the period"),
                    MetricValue.Ratio(cell.Purchases, cell.PurchasingCustomers, "no purchasing customers in the period"),
                    years, lifespan);
                return new ChannelAcquisition(channel, Major(s.AmountMinor), cell.CustomersAcquired, channelCac, ClvToCac(channelClv, channelCac));
            }).ToList();

        return new PortfolioMetrics
        {
            Period = period,
            GroupKey = groupKey,
            AveragePurchaseValue = apv,
            PurchaseFrequency = frequency,
            CustomerValue = apv.With(frequency, (a, f) => a * f),
            AverageLifespanYears = lifespan,
            LifespanMethod = lifespanMethod,
            HistoricalClv = historicalClv,
            RevenueClv = revenueClv,
            NetClv = revenueClv.With(annualCost.With(lifespan, (c, l) => c * l), (r, c) => r - c).With(cac, (n, a) => n - a),
            Cac = cac,
            ClvToCacRatio = ClvToCac(historicalClv, cac),
            ChurnRate = churn,
            RetentionRate = MetricValue.Ratio(total.CustomersAtEnd - total.CustomersAcquired, total.CustomersAtStart, "no customers at the start of the period"),
            RepeatPurchaseRate = MetricValue.Ratio(total.RepeatCustomers, total.PurchasingCustomers, "no purchasing customers in the period"),
            UpsellCrossSellRate = MetricValue.Ratio(total.UpsellCrossSellTransactions, total.CustomersAtEnd, "no customers at the end of the period"),
            Nps = MetricValue.Ratio(100.0 * (engagement.Promoters - engagement.Detractors), engagement.NpsResponses, "no NPS responses in the period"),
            Csat = MetricValue.Ratio(engagement.CsatSatisfied, engagement.CsatResponses, "no CSAT responses in the period"),
            CsatMean = MetricValue.Ratio(engagement.CsatScoreSum, engagement.CsatResponses, "no CSAT responses in the period"),
            Ces = MetricValue.Ratio(engagement.CesScoreSum, engagement.CesResponses, "no CES responses in the period"),
            FirstResponseTime = MetricValue.Ratio(engagement.FirstResponseSeconds.Sum(), engagement.FirstResponseSeconds.Count, "no answered support interactions opened in the period"),
            FirstResponseTimeMedian = Median(engagement.FirstResponseSeconds),
            AverageHandleTime = MetricValue.Ratio(engagement.HandleSecondsSum, engagement.SupportInteractions, "no support interactions opened in the period"),
            CustomersAtStart = total.CustomersAtStart,
            CustomersAtEnd = total.CustomersAtEnd,
            CustomersAcquired = total.CustomersAcquired,
            CustomersLost = total.CustomersLost,
            Purchases = total.Purchases,
            PurchasingCustomers = total.PurchasingCustomers,
            Revenue = Major(total.NetRevenueMinor),
            NpsResponses = engagement.NpsResponses,
            CsatResponses = engagement.CsatResponses,
            CesResponses = engagement.CesResponses,
            SupportInteractions = engagement.SupportInteractions,
            Channels = channels,
        };
    }

    /// <summary>
    /// Mean observed lifespan of churned customers when enough have churned; otherwise 1 / annual churn,
    /// the period's churn rate compounded to a year: 1 − (1 − c)^(1 / years).
    /// </summary>
    private static (MetricValue, LifespanMethod) Lifespan(CustomerCell total, MetricValue churn, double years, PortfolioSettings settings)
    {
        if (total.ChurnedByEnd >= Math.Max(1, settings.MinChurnedForObservedLifespan))
        {
            return (MetricValue.Of(total.LifespanDaysSum / total.ChurnedByEnd / DaysPerYear), LifespanMethod.ObservedChurn);
        }

        var hint = settings.Churn.MissingChurnHint(total.ChurnedByEnd);
        if (churn.Value is not { } rate)
        {
            return (MetricValue.Unavailable($"fewer than {settings.MinChurnedForObservedLifespan} customers have churned and {churn.Reason}; {hint}"), LifespanMethod.Unavailable);
        }

        if (rate == 0)
        {
            return (MetricValue.Unavailable($"fewer than {settings.MinChurnedForObservedLifespan} customers have churned and none churned in the period; {hint}"), LifespanMethod.Unavailable);
        }

        var annualChurn = 1 - Math.Pow(1 - Math.Min(rate, 1), 1 / years);
        return (MetricValue.Of(1 / annualChurn), LifespanMethod.InverseChurnRate);
    }

    /// <summary>APV × purchases per year per customer × lifespan.</summary>
    private static MetricValue HistoricalClv(MetricValue apv, MetricValue frequency, double years, MetricValue lifespan) =>
        apv.With(frequency, (a, f) => a * f / years).With(lifespan, (v, l) => v * l);

    /// <summary>Spend attributed to the period / customers acquired in it, in major units.</summary>
    private static MetricValue Cac(long acquired, IReadOnlyDictionary<string, ChannelSpend>? spend, int minorPerMajor)
    {
        if (spend is null)
        {
            return MetricValue.Unavailable("marketing spend is recorded per channel and cannot be attributed to this grouping");
        }

        if (spend.Count == 0)
        {
            return MetricValue.Unavailable("no marketing spend recorded for the period");
        }

        return MetricValue.Ratio(spend.Values.Sum(s => s.AmountMinor) / minorPerMajor, acquired, "no customers acquired in the period");
    }

    private static MetricValue ClvToCac(MetricValue clv, MetricValue cac) =>
        cac.Value == 0 ? MetricValue.Unavailable("CAC is zero") : clv.With(cac, (c, a) => c / a);

    private static MetricValue Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return MetricValue.Unavailable("no answered support interactions opened in the period");
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return MetricValue.Of(sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
    }
}
