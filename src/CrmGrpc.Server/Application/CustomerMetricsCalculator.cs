using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Metrics;
using Google.Protobuf.WellKnownTypes;
using CrmGrpc.Modeling;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgNbd;
using CrmGrpc.Server.Mapping;
using Proto = CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Application;

/// <summary>Everything but the customer that per-customer metrics depend on.</summary>
public sealed record CustomerMetricsSettings(
    FittedModel? Model,
    DateTimeOffset AsOf,
    double Horizon,
    double MonthlyDiscountRate,
    double Margin,
    HealthWeights Weights,
    RfmDistribution Rfm,
    double MinorPerMajor,
    ChurnDefinition Churn = default)
{
    public long AsOfDay => Data.UtcDay.Of(AsOf.ToUnixTimeMilliseconds());

    /// <summary>
    /// The instant churn is taken as of: the end of the as-of day, which counts whole, as in the summary. The end of
    /// 9999-12-31 (a valid as-of) would be year 10000, which DateTimeOffset cannot hold: its last tick stands in.
    /// </summary>
    public DateTimeOffset ChurnAsOf => AsOfDay >= LastDay ? DateTimeOffset.MaxValue : DateTimeOffset.UnixEpoch.AddDays(AsOfDay + 1);

    private static readonly long LastDay = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Days;

    private PredictiveClvCalculator? _predictions;
    private PurchaseModelClv? _modelClv;

    /// <summary>The predictive CLV's horizon in whole months (lifetimes counts months): the horizon over the unit's month.</summary>
    public int Months => Model is null ? 0 : Math.Max(1, (int)Math.Round(Horizon / Model.Unit.UnitsPerMonth()));

    /// <summary>The model's CLV for these settings, shared by every customer of a request (it keeps their common expectations).</summary>
    public PredictiveClvCalculator Predictions =>
        LazyInitializer.EnsureInitialized(ref _predictions, () => Model?.Purchases is BgNbdPredictor bg
            ? new PredictiveClvCalculator(bg.Parameters, Months, MonthlyDiscountRate, Model.Unit, Horizon)
            : throw new InvalidOperationException("No BG/NBD model, no BG/NBD predictions."));

    /// <summary>The CLV of a purchase model other than BG/NBD, for these settings.</summary>
    public PurchaseModelClv ModelClv =>
        LazyInitializer.EnsureInitialized(ref _modelClv, () => Model?.Purchases is { } purchases
            ? new PurchaseModelClv(purchases, Months, MonthlyDiscountRate, Model.Unit, Horizon)
            : throw new InvalidOperationException("No purchase model, no predictions."));
}

/// <summary>One customer's metrics from their facts: historical CLV, the model's predictions, RFM and health.</summary>
public static class CustomerMetricsCalculator
{
    public static Proto.CustomerMetrics Compute(CustomerFacts facts, CustomerMetricsSettings settings)
    {
        var metrics = new Proto.CustomerMetrics
        {
            CustomerId = facts.Id,
            HistoricalClv = facts.NetRevenueMinor / settings.MinorPerMajor,
            Health = ToProto(HealthScoring.Score(facts, settings.AsOf, settings.Weights)),
            ModelId = settings.Model?.Id ?? "",
            Churn = ToProto(settings.Churn.StatusAsOf(settings.ChurnAsOf, facts.AcquiredAt, facts.RecordedChurnAt, facts.LastPurchaseAt)),
        };

        if (!facts.HasPurchases)
        {
            Unavailable(metrics, "no purchase by the as-of date", "rfm", "summary", "probabilityAlive", "expectedPurchases", "expectedAverageValue", "predictiveClv");
            return metrics;
        }

        if (settings.Rfm.Score(settings.AsOfDay - facts.LastPurchaseDay, facts.PurchaseTransactions, facts.PurchaseMinor) is { } rfm)
        {
            metrics.Rfm = new Proto.RfmScore { Recency = rfm.Recency, Frequency = rfm.Frequency, Monetary = rfm.Monetary, Code = rfm.Code };
        }

        if (settings.Model is not { } model)
        {
            var days = Summaries.Of(facts, settings.AsOfDay, TimeUnit.Days, settings.MinorPerMajor);
            metrics.Summary = ToProto(days);
            Unavailable(metrics, "no model has been fitted (ModelService.FitModels)", "probabilityAlive", "expectedPurchases", "expectedAverageValue", "predictiveClv");
            return metrics;
        }

        if (model.Purchases is not { } purchases || (model.Unit.IsCalendar() && !model.TakesPeriods))
        {
            metrics.Summary = ToProto(Summaries.Of(facts, settings.AsOfDay, TimeUnit.Days, settings.MinorPerMajor));
            var why = model.Purchases is null
                ? $"model {model.Id} has no purchase model (it fitted {string.Join(", ", model.Message.Fits.Select(f => ModelMapper.Name((ModelKind)(int)f.Kind)))})"
                : $"{model.PurchaseDefinition?.DisplayName} in calendar {model.Unit.ToString().ToLowerInvariant()} gives no per-customer predictions";
            Unavailable(metrics, why, "probabilityAlive", "expectedPurchases", "expectedAverageValue", "predictiveClv");
            return metrics;
        }

        CustomerSummary summary;
        TimedHistory history;
        if (model.TakesPeriods)
        {
            // A period model sees the customer's purchases binned into periods: x, t_x and n in periods; the spend
            // model keeps the repeat purchase days of the day summary.
            var days = facts.PurchaseDayNumbers ?? throw new InvalidOperationException("A period model's scan must read the purchase days.");
            var periods = ModelInputBuilders.Discrete(days, settings.AsOfDay, model.Unit);
            var daySummary = Summaries.Of(facts, settings.AsOfDay, TimeUnit.Days, settings.MinorPerMajor);
            summary = daySummary;
            metrics.Summary = ToProto(new CustomerSummary(periods.Frequency, periods.Recency, periods.Periods, daySummary.MonetaryValue));
            history = new TimedHistory(periods.Frequency, periods.Recency, periods.Periods, 0);
        }
        else
        {
            summary = Summaries.Of(facts, settings.AsOfDay, model.Unit, settings.MinorPerMajor);
            metrics.Summary = ToProto(summary);
            history = new TimedHistory(summary.Frequency, summary.Recency, summary.Age, 0);
        }

        metrics.ProbabilityAlive = purchases.ProbabilityAlive(history);
        if (ExpectedAverageValue(model, summary, out var noValueReason) is not { } value)
        {
            metrics.ExpectedPurchases = purchases.ExpectedPurchases(history, settings.Horizon);
            Unavailable(metrics, noValueReason, "expectedAverageValue", "predictiveClv");
            return metrics;
        }

        metrics.ExpectedAverageValue = value;
        // The horizon's expected purchases come from the CLV's pass over the series.
        double expectedPurchases;
        metrics.PredictiveClv = purchases is BgNbdPredictor
            ? settings.Predictions.Compute(summary, value * settings.Margin, out expectedPurchases)
            : settings.ModelClv.Compute(history, value * settings.Margin, out expectedPurchases);
        metrics.ExpectedPurchases = expectedPurchases;
        return metrics;
    }

    /// <summary>Gamma-Gamma's expected average value of the customer's purchases, or why there is none.</summary>
    private static double? ExpectedAverageValue(FittedModel model, CustomerSummary summary, out string reason)
    {
        reason = "";
        if (model.Spend is not { } gg)
        {
            reason = model.Message.Fits.Count == 0 || model.Message.Fits.Any(f => f.Kind == Proto.ModelKind.GammaGamma) || model.Message.Warnings.Any(w => w.StartsWith("Gamma-Gamma not fitted", StringComparison.Ordinal))
                ? "the model has no Gamma-Gamma fit (too few repeat customers)"
                : "the model has no Gamma-Gamma fit (it was not requested)";
            return null;
        }

        try
        {
            var value = gg.ConditionalExpectedAverageValue(summary.Frequency, summary.MonetaryValue);
            if (!double.IsFinite(value))
            {
                // Parameters given to CreateModel can be any positive numbers; a mean past double's range is no prediction.
                reason = "Gamma-Gamma's expected average value is not a finite number with this model's parameters";
                return null;
            }

            return value;
        }
        catch (InvalidOperationException exception)
        {
            // Gamma-Gamma's conditional mean does not exist when p·x + q ≤ 1.
            reason = exception.Message;
            return null;
        }
    }

    private static void Unavailable(Proto.CustomerMetrics metrics, string reason, params string[] names) =>
        metrics.Unavailable.AddRange(names.Select(name => new Proto.UnavailableMetric { Metric = name, Reason = reason }));

    private static Proto.ChurnStatus ToProto(ChurnStatus status) => new()
    {
        Churned = status.Churned,
        ChurnedAt = status.ChurnedAt is { } churnedAt ? Timestamp.FromDateTimeOffset(churnedAt) : null,
        Inferred = status.Inferred,
        LastActivityAt = Timestamp.FromDateTimeOffset(status.LastActivityAt),
    };

    private static Proto.CustomerSummary ToProto(CustomerSummary summary) => new()
    {
        Frequency = summary.Frequency,
        Recency = summary.Recency,
        Age = summary.Age,
        MonetaryValue = summary.MonetaryValue,
    };

    public static Proto.HealthScore ToProto(HealthScore health)
    {
        var proto = new Proto.HealthScore
        {
            Score = health.Score,
            Weights = new Proto.HealthWeights
            {
                Usage = health.Weights.Usage,
                Engagement = health.Weights.Engagement,
                Satisfaction = health.Weights.Satisfaction,
                Support = health.Weights.Support,
            },
        };
        if (health.Usage is { } usage)
        {
            proto.Usage = usage;
        }

        if (health.Engagement is { } engagement)
        {
            proto.Engagement = engagement;
        }

        if (health.Satisfaction is { } satisfaction)
        {
            proto.Satisfaction = satisfaction;
        }

        if (health.Support is { } support)
        {
            proto.Support = support;
        }

        return proto;
    }
}
