using System.ComponentModel.DataAnnotations;

namespace CrmGrpc.Data;

/// <summary>Which store keeps the book and where (configuration section <c>Crm:Store</c>).</summary>
public sealed class StoreOptions : IValidatableObject
{
    public const string SectionName = "Crm:Store";

    public const string SqliteProvider = "sqlite";
    public const string PostgresProvider = "postgres";

    /// <summary><c>sqlite</c> (the default: one file, nothing to set up) or <c>postgres</c> (several servers, one database).</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Crm:Store:Provider must be sqlite or postgres")]
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>SQLite: the file; created with its schema on first start.</summary>
    [Required]
    public string DatabasePath { get; set; } = "crm.db";

    /// <summary>
    /// SQLite's synchronous mode. FULL (the default) makes every acknowledged commit survive a power cut as
    /// well as a killed process; NORMAL survives a killed process only.
    /// </summary>
    [RegularExpression("^(FULL|NORMAL)$")]
    public string Synchronous { get; set; } = "FULL";

    /// <summary>
    /// SQLite: the page size, in bytes, of a database file this server creates (a power of two, 512–65536); a file
    /// keeps the size it was made with. Large pages make a bulk load's rewrite of its indexes cheaper (fewer pages, fewer
    /// system calls, fewer splits): at 1M customers / 10M transactions in time order, 144,000 rows/s with 4 KiB pages
    /// against 200,000 with 64 KiB (bench/RESULTS.md, session 12).
    /// </summary>
    [Range(512, 65_536)]
    public int PageSize { get; set; } = 65_536;

    /// <summary>SQLite: how long a connection waits for a lock before failing.</summary>
    [Range(0, 600_000)]
    public int BusyTimeoutMilliseconds { get; set; } = 30_000;

    /// <summary>PostgreSQL: the primary, in Npgsql's syntax (<c>Host=…;Port=…;Username=…;Database=…</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL, optional: a streaming replica of the primary that the heavy reads use (recalculation, fits, portfolio
    /// metrics, segments). Writes, and reads that must see them, stay on the primary.
    /// </summary>
    public string? ReplicaConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == PostgresProvider && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Crm:Store:ConnectionString (--pg) is required with the postgres store", [nameof(ConnectionString)]);
        }

        if (!int.IsPow2(PageSize))
        {
            yield return new ValidationResult($"Crm:Store:PageSize must be a power of two, was {PageSize}", [nameof(PageSize)]);
        }
    }
}
