using CrmGrpc.Domain.Metrics;
using Google.Protobuf;
using Proto = CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Mapping;

/// <summary>Maps metric results to the contract; an absent metric is left unset and listed with its reason.</summary>
public static class MetricsMapper
{
    public static Proto.PortfolioMetrics ToProto(PortfolioMetrics metrics)
    {
        var proto = new Proto.PortfolioMetrics
        {
            CustomersAtStart = metrics.CustomersAtStart,
            CustomersAtEnd = metrics.CustomersAtEnd,
            CustomersAcquired = metrics.CustomersAcquired,
            CustomersLost = metrics.CustomersLost,
            LifespanMethod = (Proto.LifespanMethod)metrics.LifespanMethod,
            Purchases = metrics.Purchases,
            PurchasingCustomers = metrics.PurchasingCustomers,
            Revenue = metrics.Revenue,
            NpsResponses = metrics.NpsResponses,
            CsatResponses = metrics.CsatResponses,
            CesResponses = metrics.CesResponses,
            SupportInteractions = metrics.SupportInteractions,
        };
        foreach (var (field, value) in Optional(metrics))
        {
            if (value.Value is { } v)
            {
                field.Accessor.SetValue(proto, v);
            }
            else
            {
                proto.Unavailable.Add(new Proto.UnavailableMetric { Metric = field.JsonName, Reason = value.Reason });
            }
        }

        proto.Channels.AddRange(metrics.Channels.Select(ToProto));
        return proto;
    }

    /// <summary>
    /// The whole-book response. GetPortfolioMetricsResponse repeats PortfolioMetrics' fields 1–34 with the same
    /// numbers (so callers read `averagePurchaseValue` at the top level), which makes one the other on the wire.
    /// </summary>
    public static Proto.GetPortfolioMetricsResponse ToResponse(Proto.PortfolioMetrics overall) =>
        Proto.GetPortfolioMetricsResponse.Parser.ParseFrom(overall.ToByteString());

    private static Proto.ChannelAcquisition ToProto(ChannelAcquisition channel)
    {
        var proto = new Proto.ChannelAcquisition { Channel = channel.Channel, Spend = channel.Spend, CustomersAcquired = channel.CustomersAcquired };
        if (channel.Cac.Value is { } cac)
        {
            proto.Cac = cac;
        }

        if (channel.ClvToCacRatio.Value is { } ratio)
        {
            proto.ClvToCacRatio = ratio;
        }

        return proto;
    }

    /// <summary>Each optional metric with the contract field it fills.</summary>
    private static IEnumerable<(Google.Protobuf.Reflection.FieldDescriptor Field, MetricValue Value)> Optional(PortfolioMetrics m)
    {
        var fields = Proto.PortfolioMetrics.Descriptor.Fields;
        yield return (fields[Proto.PortfolioMetrics.AveragePurchaseValueFieldNumber], m.AveragePurchaseValue);
        yield return (fields[Proto.PortfolioMetrics.PurchaseFrequencyFieldNumber], m.PurchaseFrequency);
        yield return (fields[Proto.PortfolioMetrics.CustomerValueFieldNumber], m.CustomerValue);
        yield return (fields[Proto.PortfolioMetrics.AverageLifespanYearsFieldNumber], m.AverageLifespanYears);
        yield return (fields[Proto.PortfolioMetrics.HistoricalClvFieldNumber], m.HistoricalClv);
        yield return (fields[Proto.PortfolioMetrics.RevenueClvFieldNumber], m.RevenueClv);
        yield return (fields[Proto.PortfolioMetrics.NetClvFieldNumber], m.NetClv);
        yield return (fields[Proto.PortfolioMetrics.CacFieldNumber], m.Cac);
        yield return (fields[Proto.PortfolioMetrics.ClvToCacRatioFieldNumber], m.ClvToCacRatio);
        yield return (fields[Proto.PortfolioMetrics.ChurnRateFieldNumber], m.ChurnRate);
        yield return (fields[Proto.PortfolioMetrics.RetentionRateFieldNumber], m.RetentionRate);
        yield return (fields[Proto.PortfolioMetrics.RepeatPurchaseRateFieldNumber], m.RepeatPurchaseRate);
        yield return (fields[Proto.PortfolioMetrics.UpsellCrossSellRateFieldNumber], m.UpsellCrossSellRate);
        yield return (fields[Proto.PortfolioMetrics.NpsFieldNumber], m.Nps);
        yield return (fields[Proto.PortfolioMetrics.CsatFieldNumber], m.Csat);
        yield return (fields[Proto.PortfolioMetrics.CesFieldNumber], m.Ces);
        yield return (fields[Proto.PortfolioMetrics.FirstResponseTimeFieldNumber], m.FirstResponseTime);
        yield return (fields[Proto.PortfolioMetrics.AverageHandleTimeFieldNumber], m.AverageHandleTime);
        yield return (fields[Proto.PortfolioMetrics.CsatMeanFieldNumber], m.CsatMean);
        yield return (fields[Proto.PortfolioMetrics.FirstResponseTimeMedianFieldNumber], m.FirstResponseTimeMedian);
    }
}
