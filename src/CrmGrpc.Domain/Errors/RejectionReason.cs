namespace CrmGrpc.Domain.Errors;

/// <summary>Why a field or row was rejected; mirrors crm.v1.RejectionCode.</summary>
public enum RejectionReason
{
    InvalidField = 1,
    UnknownCustomer = 2,
    Conflict = 3,
    BadAmount = 4,
    BadCurrency = 5,
    BadTimestamp = 6,
    DuplicateInBatch = 7,
}
