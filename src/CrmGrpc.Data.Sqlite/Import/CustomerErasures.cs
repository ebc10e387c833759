namespace CrmGrpc.Data.Sqlite.Import;

/// <summary>
/// Counts committed customer erasures, so that a bulk load knows whether the customer keys it looked up while
/// staging may name erased customers by the time it merges (see <see cref="TransactionBulkLoad"/>).
/// </summary>
public sealed class CustomerErasures
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Call after an erasure commits and before its writer slot is released.</summary>
    internal void Committed() => Interlocked.Increment(ref _count);
}
