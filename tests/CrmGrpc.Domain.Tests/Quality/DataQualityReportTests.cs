using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Quality;

namespace CrmGrpc.Domain.Tests.Quality;

public class DataQualityReportTests
{
    private static readonly DateTimeOffset AsOf = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 1)]
    [InlineData(100, 100)]
    public void SampleSize_defaults_unset_to_10_and_keeps_1_to_100(int requested, int expected)
    {
        Assert.Equal(expected, DataQualityReport.SampleSize(requested));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(int.MinValue)]
    public void SampleSize_outside_0_to_100_is_invalid_naming_sample_size(int requested)
    {
        var exception = Assert.Throws<InvalidArgumentException>(() => DataQualityReport.SampleSize(requested));

        Assert.Equal("sample_size", Assert.Single(exception.Violations).Field);
    }

    [Fact]
    public void Clean_facts_give_no_findings()
    {
        Assert.Empty(DataQualityReport.Build(new QualityFacts { AsOf = AsOf, Fence = new OutlierFence(3, 1, 2) }, "USD", 100));
    }

    [Fact]
    public void One_finding_per_non_zero_check_in_check_order_rejections_by_code()
    {
        var facts = new QualityFacts
        {
            AsOf = AsOf,
            Rejections =
            [
                new RejectionFacts(RejectionReason.UnknownCustomer, new Dictionary<string, long> { ["transaction"] = 2, ["survey_response"] = 1 }, ["s-9", "t-1"]),
                new RejectionFacts(RejectionReason.BadAmount, new Dictionary<string, long> { ["transaction"] = 1 }, ["t-2"]),
                new RejectionFacts(RejectionReason.Conflict, new Dictionary<string, long> { ["customer"] = 0 }, []),
            ],
            RefundsExceedPurchases = new Affected(1, ["c-1"]),
            FutureTransactions = new Affected(2, ["t-8", "t-9"]),
            ChurnBeforeAcquisition = new Affected(1, ["c-2"]),
            CustomersWithoutTransactions = Affected.None,
            Fence = new OutlierFence(10, 1_000, 3_000),
            OutlierAmounts = new Affected(1, ["t-7"]),
        };

        var findings = DataQualityReport.Build(facts, "USD", 100);

        Assert.Equal(
            [
                (QualityCheck.RejectedAtIngest, (RejectionReason?)RejectionReason.UnknownCustomer, 3L),
                (QualityCheck.RejectedAtIngest, RejectionReason.BadAmount, 1L),
                (QualityCheck.RefundsExceedPurchases, null, 1L),
                (QualityCheck.FutureTransaction, null, 2L),
                (QualityCheck.ChurnBeforeAcquisition, null, 1L),
                (QualityCheck.OutlierAmount, null, 1L),
            ],
            findings.Select(f => (f.Check, f.Code, f.Count)));
        Assert.Equal(["s-9", "t-1"], findings[0].SampleIds);
        Assert.StartsWith("Rows rejected at ingest for naming a customer the store does not hold: 1 survey_response, 2 transaction.", findings[0].Description, StringComparison.Ordinal);
        Assert.Contains("Exact duplicates (same id, same content) are idempotent replays, not rejections", findings[1].Description, StringComparison.Ordinal);
        Assert.Contains("after as_of (2025-06-01T12:00:00.000Z)", findings[3].Description, StringComparison.Ordinal);
        Assert.Contains("Q3 + 3 × IQR = 90 USD", findings[5].Description, StringComparison.Ordinal); // 30 + 3 × (30 − 10)
        Assert.All(findings, f => Assert.DoesNotContain('\n', f.Description));
    }

    [Fact]
    public void Without_purchases_there_is_no_outlier_finding()
    {
        var facts = new QualityFacts { AsOf = AsOf, Fence = null, OutlierAmounts = new Affected(1, ["x"]) };

        Assert.Empty(DataQualityReport.Build(facts, "USD", 100));
    }
}
