using System.Globalization;
using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Quality;

/// <summary>One finding: a check with a non-zero count, the first few affected ids, and what it means.</summary>
public sealed record QualityFinding(QualityCheck Check, RejectionReason? Code, long Count, IReadOnlyList<string> SampleIds, string Description);

/// <summary>
/// Turns the store's <see cref="QualityFacts"/> into findings: one per check with a non-zero count (one per
/// rejection code for rows rejected at ingest), in check order then code order, each with one line saying
/// what was counted.
/// </summary>
public static class DataQualityReport
{
    public const int DefaultSampleSize = 10;

    public const int MaxSampleSize = 100;

    /// <summary>
    /// The sample size of a request: 0 to <see cref="MaxSampleSize"/>, where 0 (proto3's unset) means
    /// <see cref="DefaultSampleSize"/>. Throws INVALID_ARGUMENT naming <c>sample_size</c> otherwise.
    /// </summary>
    public static int SampleSize(int requested) => requested switch
    {
        < 0 or > MaxSampleSize => throw new InvalidArgumentException("sample_size", $"must be between 0 and {MaxSampleSize}, was {requested}"),
        0 => DefaultSampleSize,
        _ => requested,
    };

    public static IReadOnlyList<QualityFinding> Build(QualityFacts facts, string currency, int minorPerMajor)
    {
        var findings = new List<QualityFinding>();
        foreach (var rejection in facts.Rejections.Where(r => r.Count > 0).OrderBy(r => r.Code))
        {
            findings.Add(new QualityFinding(QualityCheck.RejectedAtIngest, rejection.Code, rejection.Count, rejection.SampleIds, Describe(rejection)));
        }

        void Add(QualityCheck check, Affected affected, string description)
        {
            if (affected.Count > 0)
            {
                findings.Add(new QualityFinding(check, null, affected.Count, affected.SampleIds, description));
            }
        }

        Add(QualityCheck.RefundsExceedPurchases, facts.RefundsExceedPurchases,
            "Customers whose refunds, summed over all their stored transactions, exceed their purchases (negative net revenue): "
            + "purchases missing from the book or refunds booked to the wrong customer. Sample ids are customer ids.");
        Add(QualityCheck.FutureTransaction, facts.FutureTransactions,
            $"Transactions dated after as_of ({facts.AsOf.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}): "
            + "mistyped dates or clock skew; the API accepts up to a day ahead of its clock. Sample ids are transaction ids.");
        Add(QualityCheck.TransactionBeforeAcquisition, facts.TransactionsBeforeAcquisition,
            "Transactions dated before their customer's acquired_at: a late acquisition date or a misattributed transaction; "
            + "cohorts leave them out. Sample ids are transaction ids.");
        Add(QualityCheck.ChurnBeforeAcquisition, facts.ChurnBeforeAcquisition,
            "Customers whose churned_at is before acquired_at (a negative lifespan): the API rejects these, so they were written "
            + "before the rule or around the API. Sample ids are customer ids.");
        Add(QualityCheck.CustomerWithoutTransactions, facts.CustomersWithoutTransactions,
            "Customers with no transaction at all (purchase or refund): they count in customer totals but never in purchase metrics. "
            + "Sample ids are customer ids.");
        if (facts.Fence is { } fence)
        {
            Add(QualityCheck.OutlierAmount, facts.OutlierAmounts,
                OutlierRule.Describe(fence, currency, minorPerMajor) + " Sample ids are transaction ids.");
        }

        return findings;
    }

    private static string Describe(RejectionFacts rejection)
    {
        var entities = string.Join(", ", rejection.ByEntity
            .Where(e => e.Value > 0)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => FormattableString.Invariant($"{e.Value} {e.Key}")));
        var why = rejection.Code switch
        {
            RejectionReason.InvalidField => "a field missing or malformed",
            RejectionReason.UnknownCustomer => "naming a customer the store does not hold",
            RejectionReason.Conflict => "an id already stored with different content",
            RejectionReason.BadAmount => "an amount that is zero, negative or absurd",
            RejectionReason.BadCurrency => "a currency that is not ISO-4217 or not the book's",
            RejectionReason.BadTimestamp => "a timestamp missing, before 1900 or in the future",
            RejectionReason.DuplicateInBatch => "an id repeated in the same batch with different content (the first row was kept)",
            _ => FormattableString.Invariant($"rejection code {(int)rejection.Code}"),
        };
        return $"Rows rejected at ingest for {why}: {entities}. A row rejected again on a replay counts again; sample ids are "
            + "the rejected rows' ids. Exact duplicates (same id, same content) are idempotent replays, not rejections, and are not counted.";
    }
}
