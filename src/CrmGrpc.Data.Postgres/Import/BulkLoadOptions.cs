using System.ComponentModel.DataAnnotations;

namespace CrmGrpc.Data.Postgres.Import;

/// <summary>How the PostgreSQL store's transaction imports load in bulk (configuration section <c>Crm:Store:BulkLoad</c>; see <see cref="TransactionBulkLoad"/>).</summary>
public sealed class PostgresBulkLoadOptions
{
    public const string SectionName = "Crm:Store:BulkLoad";

    /// <summary>
    /// Rows a stream stages before they are merged into the book in one write transaction. The staged rows live in the
    /// load's TEMP table on the database server, so the unit costs this process only about 40 bytes a row (the id hashes
    /// that find ids repeated within the unit). Larger units amortise each merge's fixed costs (its joins with customers,
    /// the totals refresh of every touched customer, which reads all of that customer's rows) over more rows, but hold the
    /// book's write lock longer, during which other writers of every server wait, and a kill -9 before the merge loses
    /// more of what was not yet acknowledged. 500,000 rows hold the lock for about two seconds.
    /// </summary>
    [Range(1, 100_000_000)]
    public int UnitRows { get; set; } = 500_000;
}
