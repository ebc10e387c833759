namespace CrmGrpc.Domain.Entities;

/// <summary>A customer of the book. Timestamps are UTC, stored to the millisecond.</summary>
public sealed record Customer(
    string Id,
    string Name,
    string Email,
    string Segment,
    string Channel,
    DateTimeOffset AcquiredAt,
    DateTimeOffset? ChurnedAt,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Set by the store: when the row was first written and last changed.</summary>
    public DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset UpdateTime { get; init; }

    /// <summary>Same content (the bookkeeping times aside): what makes a replayed row a duplicate.</summary>
    public bool SameContentAs(Customer other) =>
        Id == other.Id && Name == other.Name && Email == other.Email && Segment == other.Segment
        && Channel == other.Channel && AcquiredAt == other.AcquiredAt && ChurnedAt == other.ChurnedAt
        && Attributes.Count == other.Attributes.Count
        && Attributes.All(kv => other.Attributes.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
