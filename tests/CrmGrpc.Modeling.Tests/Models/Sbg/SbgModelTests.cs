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

    [SharedDataFact(RetentionFile)]
    public void Projected_survival_for_years_8_to_12_stays_within_5_percent_of_the_data_as_in_the_paper()
    {
        foreach (var column in new[] { "regular_alive", "high_end_alive" })
        {
            var fit = SbgModel.Fit([new CohortSurvival(column, Segment(column, 7))]);
            var actual = Segment(column, 12);
            for (int year = 8; year <= 12; year++)
            {
                double projected = 1000 * fit.Parameters.Survival(year);
                Assert.True(Math.Abs(projected - actual[year]) <= 0.05 * actual[year], $"{column} year {year}: projected {projected:F1}, actual {actual[year]}");
            }
        }
    }

    [SharedDataFact(RetentionFile)]
    public void Fit_log_likelihood_is_the_sum_of_the_cohorts_log_likelihoods_and_two_cohorts_fit_as_one_likelihood()
    {
        var regular = new CohortSurvival("regular", Segment("regular_alive", 7));
        var shorter = new CohortSurvival("regular, 4 years", Segment("regular_alive", 4));
        var fit = SbgModel.Fit([regular, shorter]);

        double sum = fit.Parameters.LogLikelihood(regular.AliveAtPeriodStart) + fit.Parameters.LogLikelihood(shorter.AliveAtPeriodStart);
        Assert.Equal(sum, fit.LogLikelihood, 1e-9);
        Assert.Equal(2000, fit.CustomerCount);
        // The same customers in one cohort or in two identical ones give the same estimates.
        var doubled = SbgModel.Fit([regular, regular]);
        var single = SbgModel.Fit([regular]);
        Assert.Equal(single.Parameters.Alpha, doubled.Parameters.Alpha, 1e-6);
        Assert.Equal(single.Parameters.Beta, doubled.Parameters.Beta, 1e-6);
        Assert.Equal(2 * single.LogLikelihood, doubled.LogLikelihood, 1e-6);
    }

    [Theory]
    [InlineData(0.7, 1.2, 1)]
    [InlineData(3, 8, 2)]
    [InlineData(0.4, 4, 3)]
    public void Parameters_are_recovered_from_simulated_cohorts_within_4_standard_errors(double alpha, double beta, int seed)
    {
        var random = new Random(seed);
        var cohorts = new List<CohortSurvival>();
        // 24 monthly cohorts of 2,000 customers, each observed up to a common calibration end.
        for (int cohort = 0; cohort < 24; cohort++)
        {
            int observed = 24 - cohort;
            var alive = new long[observed + 1];
            for (int customer = 0; customer < 2000; customer++)
            {
                double theta = BgBb.BgBbSimulator.NextBeta(random, alpha, beta);
                int t = 0;
                alive[0]++;
                while (t < observed && random.NextDouble() >= theta) alive[++t]++;
            }
            cohorts.Add(new CohortSurvival($"cohort {cohort}", alive));
        }

        var fit = SbgModel.Fit(cohorts);

        Assert.True(fit.Converged);
        Assert.NotNull(fit.StandardErrors);
        Assert.InRange(fit.Parameters.Alpha, alpha - 4 * fit.StandardErrors.Alpha, alpha + 4 * fit.StandardErrors.Alpha);
        Assert.InRange(fit.Parameters.Beta, beta - 4 * fit.StandardErrors.Beta, beta + 4 * fit.StandardErrors.Beta);
        Assert.True(fit.StandardErrors.Alpha < 0.25 * alpha, $"se α {fit.StandardErrors.Alpha}");
    }

    [Fact]
    public void Analytic_gradient_matches_central_differences_to_1e_7_relative()
    {
        var likelihood = new SbgLikelihood([new CohortSurvival("a", [1000, 631, 468, 382, 326]), new CohortSurvival("b", [500, 400, 350])], penalizer: 0);
        double[] point = [Math.Log(0.8), Math.Log(1.5)];
        var gradient = new double[2];
        likelihood.Evaluate(point, gradient);
        const double h = 1e-5;
        for (int i = 0; i < 2; i++)
        {
            var up = (double[])point.Clone();
            var down = (double[])point.Clone();
            up[i] += h;
            down[i] -= h;
            double numeric = -(likelihood.LogLikelihood(up) - likelihood.LogLikelihood(down)) / (2 * h) / likelihood.TotalWeight;
            Assert.True(Math.Abs(gradient[i] - numeric) <= 1e-7 * Math.Abs(numeric), $"∂f/∂θ{i}: analytic {gradient[i]:R}, numeric {numeric:R}");
        }
    }

    [Fact]
    public void Counts_that_grow_or_are_negative_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SbgModel.Fit([new CohortSurvival("x", [100, 120, 80])]));
        Assert.Throws<ArgumentException>(() => SbgModel.Fit([new CohortSurvival("x", [100, -1])]));
        Assert.Throws<ArgumentException>(() => SbgModel.Fit([]));
    }
}
