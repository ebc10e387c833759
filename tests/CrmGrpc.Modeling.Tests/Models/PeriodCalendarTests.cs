using CrmGrpc.Modeling.Models;

namespace CrmGrpc.Modeling.Tests.Models;

public class PeriodCalendarTests
{
    private static int Day(int year, int month, int day) => PeriodCalendar.ToDay(new DateOnly(year, month, day));

    [Theory]
    [InlineData(TimeUnit.Days)]
    [InlineData(TimeUnit.Weeks)]
    [InlineData(TimeUnit.Months)]
    [InlineData(TimeUnit.Years)]
    public void The_period_after_a_day_is_the_period_of_the_next_day(TimeUnit unit)
    {
        var origin = Day(2023, 1, 4);
        for (var day = Day(2022, 12, 1); day < Day(2024, 3, 1); day++)
        {
            Assert.Equal(PeriodCalendar.PeriodIndex(day + 1, origin, unit), PeriodCalendar.PeriodIndexAfter(day, origin, unit));
        }
    }

    [Fact]
    public void The_last_day_a_date_holds_ends_its_month_and_year_and_the_next_period_starts_the_day_after()
    {
        var last = Day(9999, 12, 31);

        Assert.Equal(PeriodCalendar.PeriodIndex(last, 0, TimeUnit.Months) + 1, PeriodCalendar.PeriodIndexAfter(last, 0, TimeUnit.Months));
        Assert.Equal(PeriodCalendar.PeriodIndex(last, 0, TimeUnit.Years) + 1, PeriodCalendar.PeriodIndexAfter(last, 0, TimeUnit.Years));
        Assert.Equal(last + 1L, PeriodCalendar.PeriodStartDay(PeriodCalendar.PeriodIndexAfter(last, 0, TimeUnit.Months), 0, TimeUnit.Months));
        Assert.Equal(last + 1L, PeriodCalendar.PeriodStartDay(PeriodCalendar.PeriodIndexAfter(last, 0, TimeUnit.Years), 0, TimeUnit.Years));
        Assert.Equal(Day(9999, 12, 1), PeriodCalendar.PeriodStartDay(PeriodCalendar.PeriodIndex(last, 0, TimeUnit.Months), 0, TimeUnit.Months));
    }

    [Theory]
    [InlineData(TimeUnit.Weeks, 2023, 1, 3, 0)]    // week 0 (1–7 Jan) still open
    [InlineData(TimeUnit.Weeks, 2023, 1, 14, 1)]   // week 1 ends on the 14th
    [InlineData(TimeUnit.Months, 2023, 1, 31, 0)]  // January, the first purchase's month, is not counted
    [InlineData(TimeUnit.Months, 2023, 3, 30, 1)]  // February ended; March not yet
    [InlineData(TimeUnit.Years, 9999, 12, 31, 7976)]
    public void Periods_ended_count_the_whole_periods_after_the_first_days(TimeUnit unit, int year, int month, int day, long expected)
    {
        Assert.Equal(expected, PeriodCalendar.PeriodsEnded(Day(2023, 1, 1), Day(year, month, day), unit));
    }
}
