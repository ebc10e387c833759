using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Data.Import;

/// <summary>
/// An import stream's rows taken in cheaply and merged into the book in large units:
/// stage each message, merge when <see cref="IsFull"/> and at the end; only a merge makes rows durable and visible.
/// </summary>
public interface IBulkLoad<in TEntity> : IAsyncDisposable
{
    /// <summary>Whether the unit is full: merge before staging more.</summary>
    bool IsFull { get; }

    /// <summary>Stages one message's valid rows, with their stream positions, and keeps its early rejections for the merge's log.</summary>
    void Stage(IReadOnlyList<TEntity> rows, IReadOnlyList<long> positions, long message, IReadOnlyList<EarlyRejection> early);

    /// <summary>
    /// Gets the full unit ready for its merge without the writer slot, so that it runs beside the previous unit's merge;
    /// stage nothing more before the merge. Optional: <see cref="MergeAsync"/> does whatever was not prepared.
    /// </summary>
    void Prepare()
    {
    }

    /// <summary>Merges what is staged in one write transaction; durable when it returns, nothing written when it throws.</summary>
    Task<MergeResult> MergeAsync(CancellationToken cancellationToken);
}

/// <summary>A row the store rejected in a merge: its stream position, id and reason.</summary>
public readonly record struct RejectedRow(long Position, string Id, FieldViolation Violation);

/// <summary>What one merge stored: rows inserted, duplicates of stored rows, and the rows rejected (in stream order).</summary>
public sealed record MergeResult(long Inserted, long Duplicates, IReadOnlyList<RejectedRow> Rejected)
{
    public static readonly MergeResult Empty = new(0, 0, []);
}
