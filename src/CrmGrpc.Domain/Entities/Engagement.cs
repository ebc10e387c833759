namespace CrmGrpc.Domain.Entities;

/// <summary>Marketing and sales spend of one channel over [PeriodStart, PeriodEnd).</summary>
public sealed record MarketingSpend(
    string Id,
    string Channel,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    long AmountMinor,
    string Currency);

public enum SurveyKind
{
    Nps = 1,
    Csat = 2,
    Ces = 3,
}

/// <summary>One survey answer on its kind's scale.</summary>
public sealed record SurveyResponse(string Id, string CustomerId, SurveyKind Kind, int Score, DateTimeOffset RespondedAt)
{
    /// <summary>The inclusive score range of each survey: NPS 0–10, CSAT 1–5, CES 1–7.</summary>
    public static (int Min, int Max) ScaleOf(SurveyKind kind) => kind switch
    {
        SurveyKind.Nps => (0, 10),
        SurveyKind.Csat => (1, 5),
        SurveyKind.Ces => (1, 7),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown survey kind"),
    };
}

/// <summary>One support ticket; the response and resolution times are unset while pending.</summary>
public sealed record SupportInteraction(
    string Id,
    string CustomerId,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? ResolvedAt,
    double HandleSeconds);

/// <summary>Product activity: <see cref="Count"/> occurrences of <see cref="Kind"/> at one time.</summary>
public sealed record ActivityEvent(string Id, string CustomerId, DateTimeOffset OccurredAt, string Kind, long Count);

/// <summary>A change to how customers are handled, whose uplift is measured from <see cref="EffectiveAt"/>.</summary>
public sealed record CrmChange(
    string Id,
    string Name,
    DateTimeOffset EffectiveAt,
    string Description,
    string TreatedSegment,
    IReadOnlyList<string> TreatedCustomerIds)
{
    public bool SameContentAs(CrmChange other) =>
        Id == other.Id && Name == other.Name && EffectiveAt == other.EffectiveAt && Description == other.Description
        && TreatedSegment == other.TreatedSegment
        && TreatedCustomerIds.ToHashSet(StringComparer.Ordinal).SetEquals(other.TreatedCustomerIds); // a set: order is not content
}
