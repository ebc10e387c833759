using System.ComponentModel.DataAnnotations;

namespace CrmGrpc.Server.Options;

/// <summary>Service settings (configuration section <c>Crm</c>; the store's are under <c>Crm:Store</c>).</summary>
public sealed class CrmOptions
{
    public const string SectionName = "Crm";

    /// <summary>The book's reporting currency: amounts in any other currency are rejected, never summed.</summary>
    [Required]
    [RegularExpression("^[A-Z]{3}$")]
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// Whether a purchase of amount 0 is a purchase (a free or fully discounted order) rather than a bad row.
    /// Off by default: a zero amount is usually a mistake. CDNOW, for one, records some first orders at $0.00.
    /// </summary>
    public bool AllowZeroAmountPurchases { get; set; }

    /// <summary>Rejected rows listed in an import summary; the rest are only counted.</summary>
    [Range(0, 1_000_000)]
    public int MaxReportedErrors { get; set; } = 1000;

    /// <summary>Largest gRPC message accepted or sent, in bytes.</summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How many churned customers the observed average lifespan needs; with fewer, the lifespan is
    /// 1 / annual churn rate (and the result says so).
    /// </summary>
    [Range(1, 1_000_000)]
    public int MinChurnedForObservedLifespan { get; set; } = 30;

    /// <summary>The default churn definition (a request may give its own): <c>Crm:Churn:InactivityDays</c>.</summary>
    public ChurnOptions Churn { get; set; } = new();

    /// <summary>Default weights of the health sub-scores (a request may give its own).</summary>
    public HealthWeightOptions HealthWeights { get; set; } = new();

    /// <summary>Page size of list RPCs when the request gives none.</summary>
    [Range(1, 10_000)]
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>Larger page sizes are reduced to this.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 1000;
}

/// <summary>
/// The server's default churn definition (METRICS.md, "Churn when the book records no churn dates"): a customer
/// without a recorded churn date churned <see cref="InactivityDays"/> days after its last activity when that is
/// before the as-of instant. 0 (the default) means recorded churn only.
/// </summary>
public sealed class ChurnOptions
{
    [Range(0, Domain.Metrics.ChurnDefinition.MaxInactivityDays)]
    public int InactivityDays { get; set; }
}

/// <summary>Weights of the customer health sub-scores; normalised over the sub-scores that have data.</summary>
public sealed class HealthWeightOptions
{
    [Range(0, 1000)]
    public double Usage { get; set; } = 1;

    [Range(0, 1000)]
    public double Engagement { get; set; } = 1;

    [Range(0, 1000)]
    public double Satisfaction { get; set; } = 1;

    [Range(0, 1000)]
    public double Support { get; set; } = 1;
}
