using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgBb;

namespace CrmGrpc.Modeling.Tests.Models.BgBb;

public class DiscreteHistoryBuilderTests
{
    private static int Day(int year, int month, int day) => PeriodCalendar.ToDay(new DateOnly(year, month, day));

    private static DiscreteHistory Build(TimeUnit unit, DateOnly calibrationEnd, params DateOnly[] purchases)
        => DiscreteHistoryBuilder.Build([.. purchases.Select(PeriodCalendar.ToDay)], PeriodCalendar.ToDay(calibrationEnd), unit);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Day_numbers_count_from_1970()
    {
        Assert.Equal(0, Day(1970, 1, 1));
        Assert.Equal(D(2024, 2, 29), PeriodCalendar.ToDate(Day(2024, 2, 29)));
    }

    [Fact]
    public void Months_are_calendar_months_and_the_first_purchase_month_is_period_0()
    {
        // First purchase 31 Jan; later purchases 1 Feb (period 1), 28 Feb (period 1 again), 31 Mar (period 2).
        var history = Build(TimeUnit.Months, D(2023, 4, 30), D(2023, 1, 31), D(2023, 2, 1), D(2023, 2, 28), D(2023, 3, 31));
        // April ends on the calibration end day: periods 1 (Feb), 2 (Mar), 3 (Apr) are whole.
        Assert.Equal(new DiscreteHistory(2, 2, 3), history);
    }

    [Fact]
    public void A_month_that_has_not_ended_by_the_calibration_end_does_not_count_nor_do_its_purchases()
    {
        var history = Build(TimeUnit.Months, D(2023, 4, 29), D(2023, 1, 31), D(2023, 2, 1), D(2023, 4, 2));
        Assert.Equal(new DiscreteHistory(1, 1, 2), history);
    }

    [Fact]
    public void A_purchase_on_the_calibration_end_day_counts_when_that_day_ends_its_period()
    {
        Assert.Equal(new DiscreteHistory(1, 2, 2), Build(TimeUnit.Months, D(2023, 3, 31), D(2023, 1, 15), D(2023, 3, 31)));
        Assert.Equal(new DiscreteHistory(1, 3, 3), Build(TimeUnit.Days, D(2023, 1, 4), D(2023, 1, 1), D(2023, 1, 4)));
        // Weeks from Sunday 1 Jan: week 1 is 8–14 Jan; 14 Jan ends it.
        Assert.Equal(new DiscreteHistory(1, 1, 1), Build(TimeUnit.Weeks, D(2023, 1, 14), D(2023, 1, 1), D(2023, 1, 14)));
        // 13 Jan: week 1 has not ended, the purchase on the calibration end does not count.
        Assert.Equal(new DiscreteHistory(0, 0, 0), Build(TimeUnit.Weeks, D(2023, 1, 13), D(2023, 1, 1), D(2023, 1, 13)));
    }

    [Fact]
    public void While_the_first_purchases_period_is_open_there_is_no_opportunity_yet()
    {
        // Week 0 is 1–7 Jan: on the 3rd it has not ended. January has not ended on the 20th, nor 2023 on 1 June.
        Assert.Equal(new DiscreteHistory(0, 0, 0), Build(TimeUnit.Weeks, D(2023, 1, 3), D(2023, 1, 1), D(2023, 1, 2)));
        Assert.Equal(new DiscreteHistory(0, 0, 0), Build(TimeUnit.Months, D(2023, 1, 20), D(2023, 1, 5)));
        Assert.Equal(new DiscreteHistory(0, 0, 0), Build(TimeUnit.Years, D(2023, 6, 1), D(2023, 1, 5), D(2023, 3, 1)));
    }

    [Theory]
    [InlineData(TimeUnit.Days, 2, 61, 61)]
    [InlineData(TimeUnit.Months, 2, 2, 2)]
    [InlineData(TimeUnit.Years, 0, 0, 0)]
    public void The_last_day_a_date_holds_ends_its_day_month_and_year(TimeUnit unit, int x, int tx, int n)
    {
        Assert.Equal(new DiscreteHistory(x, tx, n), Build(unit, D(9999, 12, 31), D(9999, 10, 31), D(9999, 11, 30), D(9999, 12, 31)));
    }

    [Fact]
    public void Leap_february_is_one_month_and_leap_years_one_year()
    {
        // 29 Feb 2024 ends February: period 1 of a January customer; 2024 ends on 31 Dec whatever its length.
        Assert.Equal(new DiscreteHistory(1, 1, 1), Build(TimeUnit.Months, D(2024, 2, 29), D(2024, 1, 31), D(2024, 2, 29)));
        Assert.Equal(new DiscreteHistory(1, 1, 1), Build(TimeUnit.Months, D(2023, 2, 28), D(2023, 1, 31), D(2023, 2, 28)));
        Assert.Equal(new DiscreteHistory(2, 4, 4), Build(TimeUnit.Years, D(2024, 12, 31), D(2020, 2, 29), D(2021, 3, 1), D(2024, 2, 29)));
        Assert.Equal(new DiscreteHistory(1, 1, 3), Build(TimeUnit.Years, D(2024, 12, 30), D(2020, 2, 29), D(2021, 3, 1), D(2024, 2, 29)));
    }

    [Fact]
    public void Weeks_are_seven_day_runs_from_the_first_purchase_day()
    {
        // First purchase Wed 4 Jan 2023: week 1 = 11–17 Jan, week 2 = 18–24 Jan, week 3 = 25–31 Jan.
        var history = Build(TimeUnit.Weeks, D(2023, 1, 31), D(2023, 1, 4), D(2023, 1, 10), D(2023, 1, 11), D(2023, 1, 17), D(2023, 1, 25), D(2023, 1, 31));
        Assert.Equal(new DiscreteHistory(2, 3, 3), history);
    }

    [Fact]
    public void Purchases_after_the_calibration_end_are_ignored_and_a_single_purchase_has_no_repeats()
    {
        Assert.Equal(new DiscreteHistory(1, 1, 2), Build(TimeUnit.Years, D(2022, 12, 31), D(2020, 6, 1), D(2021, 6, 1), D(2023, 1, 1)));
        Assert.Equal(new DiscreteHistory(0, 0, 0), Build(TimeUnit.Days, D(2023, 1, 1), D(2023, 1, 1)));
        Assert.Equal(new DiscreteHistory(0, 0, 365), Build(TimeUnit.Days, D(2024, 1, 1), D(2023, 1, 1)));
    }

    [Fact]
    public void Invalid_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => DiscreteHistoryBuilder.Build([], 10, TimeUnit.Days));
        Assert.Throws<ArgumentException>(() => DiscreteHistoryBuilder.Build([5, 5], 10, TimeUnit.Days));
        Assert.Throws<ArgumentException>(() => DiscreteHistoryBuilder.Build([5, 3], 10, TimeUnit.Days));
        Assert.Throws<ArgumentException>(() => DiscreteHistoryBuilder.Build([5, 30], 4, TimeUnit.Days));
    }

    [Fact]
    public void Histories_collapse_with_the_summary_collapser_into_valid_fit_input()
    {
        DiscreteHistory[] histories = [new(1, 2, 3), new(1, 2, 3), new(0, 0, 3)];
        var collapsed = SummaryCollapser.Collapse([.. histories.Select(h => h.ToSummary())]);
        Assert.Equal([new WeightedSummary(0, 0, 3, 1), new WeightedSummary(1, 2, 3, 2)], collapsed);
    }
}
