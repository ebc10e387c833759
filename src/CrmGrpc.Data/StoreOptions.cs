using System.ComponentModel.DataAnnotations;

namespace CrmGrpc.Data;

/// <summary>Where and how the SQLite store keeps its data (configuration section <c>Crm:Store</c>).</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Crm:Store";

    /// <summary>The SQLite file; created with its schema on first start.</summary>
    [Required]
    public string DatabasePath { get; set; } = "crm.db";

    /// <summary>
    /// SQLite's synchronous mode. FULL (the default) makes every acknowledged commit survive a power cut as
    /// well as a killed process; NORMAL survives a killed process only.
    /// </summary>
    [RegularExpression("^(FULL|NORMAL)$")]
    public string Synchronous { get; set; } = "FULL";

    /// <summary>How long a connection waits for a lock before failing.</summary>
    [Range(0, 600_000)]
    public int BusyTimeoutMilliseconds { get; set; } = 30_000;
}
