using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Data.Postgres.Import;

/// <summary>
/// Classifies rows, in stream order, against the stored rows of their ids and the rows kept before them, with the
/// SQLite store's rules (its BatchWriter and TransactionBulkLoad): a new id is inserted; an id stored or kept with the same
/// content is a duplicate; with other content it is updated (upserts, unless an earlier row of the same message kept
/// the id), else rejected: DUPLICATE_IN_BATCH when an earlier row of the same message kept the id, else CONFLICT.
/// Runs under the book's write lock, so what it read stays what is stored until the write commits.
/// </summary>
internal sealed class Reconciler<TEntity>(RowMapping<TEntity> mapping, Dictionary<string, TEntity> stored)
    where TEntity : class
{
    private readonly Dictionary<string, long> _keptInMessage = new(StringComparer.Ordinal);

    public RowResult Classify(TEntity row, long message)
    {
        var id = mapping.IdOf(row);
        if (!stored.TryGetValue(id, out var current))
        {
            stored[id] = row;
            _keptInMessage[id] = message;
            return RowResult.Inserted;
        }

        if (mapping.SameContent(current, row))
        {
            _keptInMessage[id] = message;
            return RowResult.Duplicate;
        }

        var earlierInMessage = _keptInMessage.TryGetValue(id, out var kept) && kept == message;
        if (mapping.Upserts && !earlierInMessage)
        {
            stored[id] = row;
            _keptInMessage[id] = message;
            return RowResult.Updated;
        }

        return RowResult.Rejected(earlierInMessage
            ? new FieldViolation("id", $"{mapping.Entity} '{id}' appears earlier in this batch with different content", RejectionReason.DuplicateInBatch)
            : new FieldViolation("id", $"{mapping.Entity} '{id}' is already stored with different content", RejectionReason.Conflict));
    }
}
