using System.ComponentModel.DataAnnotations;

namespace CrmGrpc.Data.Sqlite.Import;

/// <summary>How transaction imports load in bulk (configuration section <c>Crm:Store:BulkLoad</c>; see <see cref="TransactionBulkLoad"/>).</summary>
public sealed class BulkLoadOptions
{
    public const string SectionName = "Crm:Store:BulkLoad";

    /// <summary>
    /// Rows a stream stages before they are merged into the book in one write transaction. Larger units rewrite the indexes' pages less often (each merge touches about
    /// min(rows, index pages) pages whatever the order), but hold the writer slot longer, take more memory while staged
    /// (about 110 bytes a row), and a kill -9 before the merge loses more of what was not yet acknowledged. Measured at
    /// 1M / 10M in random order, where every merge rewrites nearly all of both indexes' leaf pages: 1M-row units loaded
    /// 278,000–290,000 rows/s, 2M-row units 312,000–318,000, with the working set of the recalculation after the load
    /// 430–500 MB either way; 3M-row units were slower than 2M (the first unit is staged and the last merged with nothing
    /// beside them).
    /// </summary>
    [Range(1, 100_000_000)]
    public int UnitRows { get; set; } = 2_000_000;

    /// <summary>
    /// SQLite's page cache of a merging connection, in MiB (it also bounds the merge's in-memory sort). The merge walks the
    /// indexes in key order, so a small cache spills each dirty page once: measured at 100k / 1M in time order, 64 MiB
    /// imported 144,000 rows/s with a peak working set of 384 MB, 256 MiB 103,000 rows/s and 440 MB.
    /// </summary>
    [Range(2, 4_096)]
    public int MergeCacheMebibytes { get; set; } = 64;

    /// <summary>
    /// Customer keys a stream's load keeps in memory (id → key) from unit to unit, about 70 bytes each; it forgets them
    /// when it holds more, after a customer is erased, and after a unit that named customers unknown when staged.
    /// </summary>
    [Range(0, 100_000_000)]
    public int CachedCustomerKeys { get; set; } = 1 << 20;

    /// <summary>
    /// Customers a load looks up one by one before it reads every customer's key in one scan instead (when the book has no
    /// more than <see cref="CachedCustomerKeys"/> customers): a small import never scans the book's customers, a large one
    /// does not pay 3 µs a customer.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int ReadAllCustomerKeysAfter { get; set; } = 50_000;
}
