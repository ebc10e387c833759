namespace CrmGrpc.Domain.Errors;

/// <summary>One bad field: its path as named in the contract (snake_case), why, and the reason's code.</summary>
public sealed record FieldViolation(string Field, string Description, RejectionReason Reason = RejectionReason.InvalidField)
{
    /// <summary>The same violation with its field path under <paramref name="prefix"/> (e.g. "transaction.").</summary>
    public FieldViolation Under(string prefix) => this with { Field = prefix + Field };
}
