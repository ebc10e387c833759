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

    /// <summary>Page size of list RPCs when the request gives none.</summary>
    [Range(1, 10_000)]
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>Larger page sizes are reduced to this.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 1000;
}
