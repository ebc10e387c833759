namespace CrmGrpc.Domain.Entities;

public enum TransactionKind
{
    Purchase = 1,
    Refund = 2,
}

public enum SaleType
{
    Unspecified = 0,
    New = 1,
    Repeat = 2,
    Upsell = 3,
    CrossSell = 4,
}

/// <summary>
/// A purchase or refund. <see cref="AmountMinor"/> is always positive; a refund is negative revenue on its
/// day and is not a purchase.
/// </summary>
public sealed record Transaction(
    string Id,
    string CustomerId,
    DateTimeOffset OccurredAt,
    long AmountMinor,
    string Currency,
    TransactionKind Kind,
    SaleType SaleType,
    long? CostMinor,
    string Product,
    string Category)
{
    /// <summary>Signed revenue in minor units: negative for refunds.</summary>
    public long RevenueMinor => Kind == TransactionKind.Refund ? -AmountMinor : AmountMinor;
}
