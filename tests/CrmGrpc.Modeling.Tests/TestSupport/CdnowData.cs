namespace CrmGrpc.Modeling.Tests.TestSupport;

/// <summary>The CDNOW 1/10 sample (2,357 customers, weeks, calibration end 1997-09-30) as the tests use it.</summary>
internal static class CdnowData
{
    private static readonly Lazy<CustomerSummary[]> LifetimesSummaries = new(() =>
        [.. SharedData.ReadCsv(SharedData.CdnowSummary).Select(row => new CustomerSummary(
            (int)row.Number("x"), row.Number("t_x"), row.Number("T"), row.Number("zbar")))]);

    private static readonly Lazy<(CustomerSummary Summary, int HoldoutPurchases)[]> BtydRows = new(() =>
        [.. SharedData.ReadCsv(SharedData.BtydCdnowSummary).Select(row => (new CustomerSummary(
            (int)row.Number("x"), row.Number("t.x"), row.Number("T.cal"), row.Number("m.x")), (int)row.Number("x.star")))]);

    /// <summary>lifetimes' summary file (t_x, T and zbar rounded to 2 decimals).</summary>
    public static CustomerSummary[] Summaries => LifetimesSummaries.Value;

    /// <summary>BTYD's summary at full precision, with the 39-week holdout purchases x*.</summary>
    public static (CustomerSummary Summary, int HoldoutPurchases)[] BtydSummaries => BtydRows.Value;
}
