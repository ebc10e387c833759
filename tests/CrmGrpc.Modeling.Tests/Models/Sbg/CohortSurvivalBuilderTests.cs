using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.Sbg;

namespace CrmGrpc.Modeling.Tests.Models.Sbg;

public class CohortSurvivalBuilderTests
{
    private static int Day(int year, int month, int day) => PeriodCalendar.ToDay(new DateOnly(year, month, day));

    private static CustomerTenure Tenure(DateOnly acquired, DateOnly? churned = null)
        => new(PeriodCalendar.ToDay(acquired), churned is { } c ? PeriodCalendar.ToDay(c) : null);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Monthly_cohorts_count_customers_active_at_the_start_of_each_month_begun_by_the_calibration_end()
    {
        CustomerTenure[] customers =
        [
            Tenure(D(2024, 1, 5)),                     // active throughout
            Tenure(D(2024, 1, 31), D(2024, 2, 1)),     // churned during February: active at its start, not at March's
            Tenure(D(2024, 1, 10), D(2024, 1, 20)),    // churned in January: only [0]
            Tenure(D(2024, 1, 1), D(2024, 3, 1)),      // churned on the first day of March: active at its start
            Tenure(D(2024, 2, 29)),                    // February cohort
            Tenure(D(2024, 3, 15), D(2024, 5, 1)),     // churned after the calibration end: still active then
            Tenure(D(2024, 4, 1)),                     // acquired after the calibration end: not counted
        ];

        var cohorts = CohortSurvivalBuilder.Build(customers, Day(2024, 3, 31), TimeUnit.Months);

        Assert.Equal(["2024-01", "2024-02", "2024-03"], cohorts.Select(c => c.Label));
        Assert.Equal([4L, 3, 2], cohorts[0].AliveAtPeriodStart);
        Assert.Equal([1L, 1], cohorts[1].AliveAtPeriodStart);
        Assert.Equal([1L], cohorts[2].AliveAtPeriodStart);
    }

    [Fact]
    public void A_period_beginning_on_the_calibration_end_day_is_included()
    {
        var cohorts = CohortSurvivalBuilder.Build([Tenure(D(2023, 12, 31)), Tenure(D(2023, 12, 1), D(2023, 12, 31))], Day(2024, 1, 1), TimeUnit.Months);
        Assert.Equal([2L, 1], cohorts.Single().AliveAtPeriodStart);
    }

    [Fact]
    public void Yearly_cohorts_follow_calendar_years_across_leap_days()
    {
        CustomerTenure[] customers = [Tenure(D(2020, 2, 29), D(2022, 12, 31)), Tenure(D(2020, 12, 31)), Tenure(D(2021, 1, 1), D(2021, 1, 1))];
        var cohorts = CohortSurvivalBuilder.Build(customers, Day(2023, 6, 30), TimeUnit.Years);
        Assert.Equal(["2020", "2021"], cohorts.Select(c => c.Label));
        Assert.Equal([2L, 2, 2, 1], cohorts[0].AliveAtPeriodStart);
        Assert.Equal([1L, 0, 0], cohorts[1].AliveAtPeriodStart);
    }

    [Fact]
    public void Weekly_cohorts_run_monday_to_sunday_and_daily_ones_are_days()
    {
        // Sunday 7 Jan 2024 and Monday 8 Jan are in different weeks.
        var weeks = CohortSurvivalBuilder.Build([Tenure(D(2024, 1, 7)), Tenure(D(2024, 1, 8), D(2024, 1, 16))], Day(2024, 1, 22), TimeUnit.Weeks);
        Assert.Equal(["2024-01-01", "2024-01-08"], weeks.Select(c => c.Label));
        Assert.Equal([1L, 1, 1, 1], weeks[0].AliveAtPeriodStart);
        Assert.Equal([1L, 1, 0], weeks[1].AliveAtPeriodStart);

        var days = CohortSurvivalBuilder.Build([Tenure(D(2024, 1, 1), D(2024, 1, 3))], Day(2024, 1, 5), TimeUnit.Days);
        Assert.Equal([1L, 1, 1, 0, 0], days.Single().AliveAtPeriodStart);
    }

    [Fact]
    public void Built_cohorts_are_valid_sbg_input_and_bad_tenures_are_rejected()
    {
        var random = new Random(3);
        var customers = new CustomerTenure[5000];
        for (int i = 0; i < customers.Length; i++)
        {
            int acquired = Day(2022, 1, 1) + random.Next(0, 700);
            customers[i] = random.NextDouble() < 0.5 ? new(acquired, acquired + random.Next(0, 400)) : new(acquired, null);
        }
        var cohorts = CohortSurvivalBuilder.Build(customers, Day(2023, 12, 31), TimeUnit.Months);
        Assert.Equal(5000, cohorts.Sum(c => c.AliveAtPeriodStart[0]));
        Assert.True(SbgModel.Fit(cohorts).Converged);

        Assert.Throws<ArgumentException>(() => CohortSurvivalBuilder.Build([new CustomerTenure(10, 9)], 20, TimeUnit.Days));
    }
}
