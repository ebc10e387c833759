using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Data.Import;

public enum RowOutcome
{
    /// <summary>A new row was stored.</summary>
    Inserted,

    /// <summary>An upserted row (customers) changed.</summary>
    Updated,

    /// <summary>The same row was already stored; nothing was written.</summary>
    Duplicate,

    /// <summary>Rejected: see the violation.</summary>
    Rejected,
}

/// <summary>What became of one row of a batch; <see cref="Violation"/> is set when it was rejected.</summary>
public readonly record struct RowResult(RowOutcome Outcome, FieldViolation? Violation = null)
{
    public static readonly RowResult Inserted = new(RowOutcome.Inserted);
    public static readonly RowResult Updated = new(RowOutcome.Updated);
    public static readonly RowResult Duplicate = new(RowOutcome.Duplicate);

    public static RowResult Rejected(FieldViolation violation) => new(RowOutcome.Rejected, violation);
}

/// <summary>A row rejected before it reached the store (bad fields); logged with its batch for the data-quality report.</summary>
public sealed record EarlyRejection(string RowId, FieldViolation Violation);
