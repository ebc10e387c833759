namespace CrmGrpc.Domain.Customers;

/// <summary>
/// What the per-customer metrics need to know of one customer as of a date: purchase days (the
/// buy-till-you-die summary's inputs), revenue, and engagement. Filled by the store's streaming scan;
/// one instance is reused from customer to customer, so read it before asking for the next.
/// </summary>
public sealed class CustomerFacts
{
    public long Key { get; set; }

    public string Id { get; set; } = "";

    /// <summary>When the customer was acquired, and its recorded churn date if any.</summary>
    public DateTimeOffset AcquiredAt { get; set; }

    public DateTimeOffset? RecordedChurnAt { get; set; }

    /// <summary>The instant of the last purchase up to the as-of date (its day included); null without one.</summary>
    public DateTimeOffset? LastPurchaseAt { get; set; }

    /// <summary>UTC day numbers (days since 1970-01-01) of the first and last purchase days; 0 when <see cref="PurchaseDays"/> is 0.</summary>
    public long FirstPurchaseDay { get; set; }

    public long LastPurchaseDay { get; set; }

    /// <summary>Distinct UTC days with a purchase (same-day purchases are one).</summary>
    public int PurchaseDays { get; set; }

    /// <summary>PURCHASE transactions (not days): RFM's frequency.</summary>
    public long PurchaseTransactions { get; set; }

    /// <summary>Purchase amounts, all days, and the first purchase day's alone.</summary>
    public long PurchaseMinor { get; set; }

    public long FirstDayPurchaseMinor { get; set; }

    public long RefundMinor { get; set; }

    /// <summary>The last activity event, and events (summed counts) in the 30 days up to the as-of date.</summary>
    public DateTimeOffset? LastActivityAt { get; set; }

    public long ActivityLast30Days { get; set; }

    /// <summary>Latest NPS (0–10) and CSAT (1–5) scores, and survey responses in the year up to the as-of date.</summary>
    public int? LatestNps { get; set; }

    public int? LatestCsat { get; set; }

    public long SurveyResponsesLastYear { get; set; }

    /// <summary>Tickets opened in the year up to the as-of date, those still open at it, and their mean first response.</summary>
    public long TicketsLastYear { get; set; }

    public long OpenTickets { get; set; }

    public double? MeanFirstResponseSeconds { get; set; }

    /// <summary>
    /// The distinct purchase days (UTC day numbers, ascending) up to the as-of day, when the scan was asked for them
    /// (period models such as BG/BB bin them); null otherwise.
    /// </summary>
    public long[]? PurchaseDayNumbers { get; set; }

    public bool HasPurchases => PurchaseDays > 0;

    /// <summary>A copy to keep: the scan reuses this instance for the next customer.</summary>
    public CustomerFacts Snapshot() => (CustomerFacts)MemberwiseClone();

    public long NetRevenueMinor => PurchaseMinor - RefundMinor;

    public void Reset(long key, string id)
    {
        Key = key;
        Id = id;
        AcquiredAt = default;
        RecordedChurnAt = LastPurchaseAt = null;
        FirstPurchaseDay = LastPurchaseDay = 0;
        PurchaseDays = 0;
        PurchaseTransactions = 0;
        PurchaseMinor = FirstDayPurchaseMinor = RefundMinor = 0;
        LastActivityAt = null;
        ActivityLast30Days = 0;
        LatestNps = LatestCsat = null;
        SurveyResponsesLastYear = 0;
        TicketsLastYear = OpenTickets = 0;
        MeanFirstResponseSeconds = null;
        PurchaseDayNumbers = null;
    }
}

/// <summary>Which customers a scan covers; all conditions combine with AND.</summary>
public sealed record CustomerSelection(string? Segment = null, string? Channel = null, IReadOnlyList<string>? CustomerIds = null)
{
    public static readonly CustomerSelection All = new();
}
