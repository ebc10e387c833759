using CrmGrpc.Domain.Errors;
using Entities = CrmGrpc.Domain.Entities;
using Proto = CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Mapping;

/// <summary>Maps the contract's messages to domain entities and back. Never throws: bad values are validation's to report.</summary>
public static class EntityMapper
{
    public static Entities.Customer ToDomain(Proto.Customer customer) =>
        new(customer.Id, customer.Name, customer.Email, customer.Segment, customer.Channel,
            ProtoTime.ToInstant(customer.AcquiredAt), ProtoTime.ToOptionalInstant(customer.ChurnedAt),
            customer.Attributes.ToDictionary(StringComparer.Ordinal));

    public static Proto.Customer ToProto(Entities.Customer customer)
    {
        var proto = new Proto.Customer
        {
            Id = customer.Id,
            Name = customer.Name,
            Email = customer.Email,
            Segment = customer.Segment,
            Channel = customer.Channel,
            AcquiredAt = ProtoTime.ToTimestamp(customer.AcquiredAt),
            ChurnedAt = ProtoTime.ToOptionalTimestamp(customer.ChurnedAt),
            CreateTime = customer.CreateTime == default ? null : ProtoTime.ToTimestamp(customer.CreateTime),
            UpdateTime = customer.UpdateTime == default ? null : ProtoTime.ToTimestamp(customer.UpdateTime),
        };
        proto.Attributes.Add(customer.Attributes.ToDictionary());
        return proto;
    }

    public static Entities.Transaction ToDomain(Proto.Transaction transaction) =>
        new(transaction.Id, transaction.CustomerId, ProtoTime.ToInstant(transaction.OccurredAt), transaction.AmountMinor,
            transaction.Currency, (Entities.TransactionKind)transaction.Kind, (Entities.SaleType)transaction.SaleType,
            transaction.HasCostMinor ? transaction.CostMinor : null, transaction.Product, transaction.Category);

    public static Proto.Transaction ToProto(Entities.Transaction transaction)
    {
        var proto = new Proto.Transaction
        {
            Id = transaction.Id,
            CustomerId = transaction.CustomerId,
            OccurredAt = ProtoTime.ToTimestamp(transaction.OccurredAt),
            AmountMinor = transaction.AmountMinor,
            Currency = transaction.Currency,
            Kind = (Proto.TransactionKind)transaction.Kind,
            SaleType = (Proto.SaleType)transaction.SaleType,
            Product = transaction.Product,
            Category = transaction.Category,
        };
        if (transaction.CostMinor is { } cost)
        {
            proto.CostMinor = cost;
        }

        return proto;
    }

    public static Entities.MarketingSpend ToDomain(Proto.MarketingSpend spend) =>
        new(spend.Id, spend.Channel, ProtoTime.ToInstant(spend.PeriodStart), ProtoTime.ToInstant(spend.PeriodEnd),
            spend.AmountMinor, spend.Currency);

    public static Entities.SurveyResponse ToDomain(Proto.SurveyResponse response) =>
        new(response.Id, response.CustomerId, (Entities.SurveyKind)response.Kind, response.Score, ProtoTime.ToInstant(response.RespondedAt));

    public static Entities.SupportInteraction ToDomain(Proto.SupportInteraction interaction) =>
        new(interaction.Id, interaction.CustomerId, ProtoTime.ToInstant(interaction.OpenedAt),
            ProtoTime.ToOptionalInstant(interaction.FirstResponseAt), ProtoTime.ToOptionalInstant(interaction.ResolvedAt),
            interaction.HandleSeconds);

    /// <summary>A count of 0 (unset) means one occurrence.</summary>
    public static Entities.ActivityEvent ToDomain(Proto.ActivityEvent activity) =>
        new(activity.Id, activity.CustomerId, ProtoTime.ToInstant(activity.OccurredAt), activity.Kind,
            activity.Count == 0 ? 1 : activity.Count);

    public static Entities.CrmChange ToDomain(Proto.CrmChange change) =>
        new(change.Id, change.Name, ProtoTime.ToInstant(change.EffectiveAt), change.Description, change.TreatedSegment,
            change.TreatedCustomerIds.ToList());

    public static Proto.CrmChange ToProto(Entities.CrmChange change)
    {
        var proto = new Proto.CrmChange
        {
            Id = change.Id,
            Name = change.Name,
            EffectiveAt = ProtoTime.ToTimestamp(change.EffectiveAt),
            Description = change.Description,
            TreatedSegment = change.TreatedSegment,
        };
        proto.TreatedCustomerIds.Add(change.TreatedCustomerIds);
        return proto;
    }

    public static Proto.RejectionCode ToProto(RejectionReason reason) => (Proto.RejectionCode)reason;
}
