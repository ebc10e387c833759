using System.Globalization;
using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgCnbdK;
using CrmGrpc.Modeling.Tests.TestSupport;

namespace CrmGrpc.Modeling.Tests.Models.BgCnbdK;

/// <summary>Timed histories of the shared transaction logs, built with <see cref="TimedHistoryBuilder"/> as the server would.</summary>
internal static class BgCnbdKTestData
{
    public const string Grocery = "BTYDplus__groceryElog__groceryElog.csv";
    public const string CdnowSample = SharedData.CdnowSample;

    /// <summary>BTYDplus' grocery event log (cust, date), weeks, calibration end 2006-12-31 (the package's demo split).</summary>
    public static TimedHistory[] GroceryHistories() =>
        Build(SharedData.ReadCsv(Grocery).Select(row => (row["cust"], DateOnly.ParseExact(row["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture))),
            new DateOnly(2006, 12, 31));

    /// <summary>The CDNOW 1/10 sample (master_id sample_id yyyymmdd cds dollars), weeks, calibration end 1997-09-30.</summary>
    public static TimedHistory[] CdnowHistories()
    {
        var rows = File.ReadLines(SharedData.Require(CdnowSample))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells.Length >= 3)
            .Select(cells => (cells[0], DateOnly.ParseExact(cells[2], "yyyyMMdd", CultureInfo.InvariantCulture)));
        return Build(rows, new DateOnly(1997, 9, 30));
    }

    private static TimedHistory[] Build(IEnumerable<(string Customer, DateOnly Date)> purchases, DateOnly calibrationEnd)
    {
        var histories = new List<TimedHistory>();
        foreach (var customer in purchases.GroupBy(p => p.Customer, StringComparer.Ordinal))
        {
            int[] days = [.. customer.Select(p => p.Date.DayNumber).Distinct().Order()];
            if (TimedHistoryBuilder.Build(days, calibrationEnd.DayNumber, TimeUnit.Weeks) is { } history) histories.Add(history);
        }
        return [.. histories];
    }
}
