using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.Sbg;
using CrmGrpc.Modeling.Tests.TestSupport;

namespace CrmGrpc.Modeling.Tests.Models.Sbg;

public class SbgModelTests
{
    private const string RetentionFile = "FaderHardie2007__sbg_retention.csv";

    private static long[] Segment(string column, int lastYear) =>
        [.. SharedData.ReadCsv(RetentionFile).Select(row => (Year: (int)row.Number("year"), Alive: (long)row.Number(column)))
            .Where(row => row.Year <= lastYear).OrderBy(row => row.Year).Select(row => row.Alive)];

    [SharedDataFact(RetentionFile)]
    public void Fader_Hardie_2007_years_1_to_7_give_the_published_parameters_to_3_decimals()
    {
        var regular = SbgModel.Fit([new CohortSurvival("regular", Segment("regular_alive", 7))]);
        var highEnd = SbgModel.Fit([new CohortSurvival("high end", Segment("high_end_alive", 7))]);

        Assert.True(regular.Converged);
        Assert.True(highEnd.Converged);
        Assert.Equal(0.704, regular.Parameters.Alpha, 0.0005);
        Assert.Equal(1.182, regular.Parameters.Beta, 0.0005);
        Assert.Equal(0.668, highEnd.Parameters.Alpha, 0.0005);
        Assert.Equal(3.806, highEnd.Parameters.Beta, 0.0005);
        Assert.Equal(1000, regular.CustomerCount);
    }
}
