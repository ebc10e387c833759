using CrmGrpc.Modeling.Tests.TestSupport;

namespace CrmGrpc.Modeling.Tests.Models.BgBb;

/// <summary>lifetimes' donations data (Fader, Hardie &amp; Shang 2010): 11,104 donors, 6 opportunities, as weighted (x, t_x, n).</summary>
internal static class DonationsData
{
    public const string FileName = "lifetimes__donations.csv";

    public static WeightedSummary[] Histories => [.. SharedData.ReadCsv(FileName).Select(row => new WeightedSummary(
        (int)row.Number("frequency"), row.Number("recency"), row.Number("periods"), (int)row.Number("weights")))];
}
