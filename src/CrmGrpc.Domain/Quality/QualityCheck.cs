namespace CrmGrpc.Domain.Quality;

/// <summary>The data-quality checks; mirrors crm.v1.DataQualityCheck (same numbers).</summary>
public enum QualityCheck
{
    RejectedAtIngest = 1,
    RefundsExceedPurchases = 2,
    FutureTransaction = 3,
    TransactionBeforeAcquisition = 4,
    ChurnBeforeAcquisition = 5,
    CustomerWithoutTransactions = 6,
    OutlierAmount = 7,
}
