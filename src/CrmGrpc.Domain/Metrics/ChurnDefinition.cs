using CrmGrpc.Domain.Entities;

namespace CrmGrpc.Domain.Metrics;

/// <summary>
/// How churn is defined (METRICS.md, "Churn when the book records no churn dates"): recorded churn dates,
/// and for the customers without one, churn inferred from an inactivity window of W days. As of an instant
/// e, a customer's last activity L is the latest of its acquisition and its purchases before e (refunds are
/// not activity); a recorded <c>churned_at</c> before e always stands, otherwise the customer churned at
/// L + W when e − L &gt; W. W = 0 means recorded churn only. The store computes the same rule in SQL; this is
/// its definition, used per customer and by the tests that check the store against it.
/// </summary>
public readonly record struct ChurnDefinition
{
    /// <summary>The largest window accepted: a hundred years.</summary>
    public const int MaxInactivityDays = 36_500;

    public ChurnDefinition(int inactivityDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inactivityDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inactivityDays, MaxInactivityDays);
        InactivityDays = inactivityDays;
    }

    /// <summary>Recorded churn only (W = 0).</summary>
    public static ChurnDefinition RecordedOnly => default;

    /// <summary>The window W in days; 0 for recorded churn only.</summary>
    public int InactivityDays { get; }

    /// <summary>Whether churn is inferred from inactivity (W &gt; 0).</summary>
    public bool InfersChurn => InactivityDays > 0;

    public TimeSpan Window => TimeSpan.FromDays(InactivityDays);

    /// <summary>The last activity L as of <paramref name="asOf"/>: the latest of the acquisition and the purchases strictly before it.</summary>
    public static DateTimeOffset LastActivity(DateTimeOffset acquiredAt, IEnumerable<Transaction> transactions, DateTimeOffset asOf)
    {
        var last = acquiredAt;
        foreach (var transaction in transactions)
        {
            if (transaction.Kind == TransactionKind.Purchase && transaction.OccurredAt < asOf && transaction.OccurredAt > last)
            {
                last = transaction.OccurredAt;
            }
        }

        return last;
    }

    /// <summary>
    /// Whether a customer has churned as of <paramref name="asOf"/>. <paramref name="lastPurchaseAt"/> is its
    /// last purchase before <paramref name="asOf"/> (null without one); the last activity is the later of it and the acquisition.
    /// </summary>
    public ChurnStatus StatusAsOf(DateTimeOffset asOf, DateTimeOffset acquiredAt, DateTimeOffset? recordedChurnAt, DateTimeOffset? lastPurchaseAt)
    {
        var lastActivity = lastPurchaseAt is { } purchase && purchase > acquiredAt ? purchase : acquiredAt;
        if (recordedChurnAt is { } recorded && recorded < asOf)
        {
            return new ChurnStatus(recorded, Inferred: false, lastActivity);
        }

        if (InfersChurn && asOf - lastActivity > Window)
        {
            return new ChurnStatus(lastActivity + Window, Inferred: true, lastActivity);
        }

        return new ChurnStatus(null, Inferred: false, lastActivity);
    }

    /// <summary>The status of a customer from its transactions (any order, any customer's kinds): <see cref="StatusAsOf(DateTimeOffset, DateTimeOffset, DateTimeOffset?, DateTimeOffset?)"/>.</summary>
    public ChurnStatus StatusAsOf(DateTimeOffset asOf, Customer customer, IEnumerable<Transaction> transactions)
    {
        var last = LastActivity(customer.AcquiredAt, transactions, asOf);
        return StatusAsOf(asOf, customer.AcquiredAt, customer.ChurnedAt, last > customer.AcquiredAt ? last : null);
    }

    /// <summary>
    /// Adds one customer's churn-based counts for <paramref name="period"/> to <paramref name="cell"/>, its churn
    /// taken as of the period's end: at start (acquired before the start, not churned by it), at end, acquired in
    /// the period, lost in it, and churned before the end with its lifespan.
    /// </summary>
    public static void AddCustomer(CustomerCell cell, Period period, DateTimeOffset acquiredAt, ChurnStatus statusAtEnd)
    {
        var churnedAt = statusAtEnd.ChurnedAt;
        if (acquiredAt < period.Start && !(churnedAt < period.Start))
        {
            cell.CustomersAtStart++;
        }

        if (acquiredAt < period.End && !(churnedAt < period.End))
        {
            cell.CustomersAtEnd++;
        }

        if (acquiredAt >= period.Start && acquiredAt < period.End)
        {
            cell.CustomersAcquired++;
        }

        if (churnedAt is { } churned && churned >= period.Start && churned < period.End)
        {
            cell.CustomersLost++;
        }

        if (churnedAt is { } lost && lost < period.End)
        {
            cell.ChurnedByEnd++;
            cell.LifespanDaysSum += (lost - acquiredAt).TotalDays;
        }
    }

    /// <summary>
    /// What to add to the reason of a churn-based metric that is still missing: with recorded churn only, how to
    /// get it (set an inactivity window); with a window, which one was used.
    /// </summary>
    public string MissingChurnHint(long churnedByEnd) => (InfersChurn, churnedByEnd) switch
    {
        (true, _) => $"churn inferred after {InactivityDays} days without a purchase",
        (false, 0) => "no churn recorded; set an inactivity window (churnDefinition.inactivityDays, or the server's Crm:Churn:InactivityDays) to infer churn from inactivity",
        (false, _) => $"only {churnedByEnd} churn dates recorded; set an inactivity window (churnDefinition.inactivityDays, or the server's Crm:Churn:InactivityDays) to infer the others from inactivity",
    };
}

/// <summary>A customer's churn as of an instant: when it churned (null when it has not) and whether that date was inferred.</summary>
public readonly record struct ChurnStatus(DateTimeOffset? ChurnedAt, bool Inferred, DateTimeOffset LastActivityAt)
{
    public bool Churned => ChurnedAt is not null;
}
