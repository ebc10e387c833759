using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Tests;

public class PeriodTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Constructor_end_before_start_throws_naming_period_end()
    {
        var exception = Assert.Throws<InvalidArgumentException>(() => new Period(End, Start));

        var violation = Assert.Single(exception.Violations);
        Assert.Equal("period.end", violation.Field);
        Assert.Equal(RejectionReason.InvalidField, violation.Reason);
    }

    [Fact]
    public void Constructor_end_equal_to_start_throws()
    {
        var exception = Assert.Throws<InvalidArgumentException>(() => new Period(Start, Start));

        Assert.Equal("period.end", Assert.Single(exception.Violations).Field);
    }

    [Fact]
    public void Constructor_compares_instants_not_local_clock_readings()
    {
        // 10:00+02:00 is 08:00Z, before 09:00Z, although 10 > 9 on the local clock.
        var start = new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.FromHours(2));
        var end = new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

        var period = new Period(start, end);

        Assert.Equal(TimeSpan.FromHours(1), period.Length);
    }

    [Fact]
    public void Constructor_normalises_to_utc()
    {
        var start = new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.FromHours(2));
        var end = new DateTimeOffset(2025, 1, 1, 6, 30, 0, TimeSpan.FromHours(5.5));

        var period = new Period(start, end);

        Assert.Equal(TimeSpan.Zero, period.Start.Offset);
        Assert.Equal(TimeSpan.Zero, period.End.Offset);
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0), period.Start.DateTime);
        Assert.Equal(new DateTime(2025, 1, 1, 1, 0, 0), period.End.DateTime);
    }

    [Fact]
    public void Contains_includes_start_and_excludes_end()
    {
        var period = new Period(Start, End);

        Assert.True(period.Contains(Start));
        Assert.False(period.Contains(End));
    }

    [Fact]
    public void Contains_at_one_tick_either_side_of_the_edges()
    {
        var period = new Period(Start, End);

        Assert.False(period.Contains(Start.AddTicks(-1)));
        Assert.True(period.Contains(Start.AddTicks(1)));
        Assert.True(period.Contains(End.AddTicks(-1)));
        Assert.False(period.Contains(End.AddTicks(1)));
    }

    [Fact]
    public void Contains_an_instant_given_in_another_offset()
    {
        var period = new Period(Start, End);

        // 2025-02-01T01:00+02:00 is 2025-01-31T23:00Z: inside, though its local date is the end date.
        Assert.True(period.Contains(new DateTimeOffset(2025, 2, 1, 1, 0, 0, TimeSpan.FromHours(2))));
        // 2024-12-31T20:00-05:00 is 2025-01-01T01:00Z: inside, though its local date is before the start.
        Assert.True(period.Contains(new DateTimeOffset(2024, 12, 31, 20, 0, 0, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public void Adjacent_periods_count_the_shared_instant_once()
    {
        var first = new Period(Start, End);
        var second = new Period(End, End.AddDays(10));

        Assert.False(first.Contains(End));
        Assert.True(second.Contains(End));
    }

    [Fact]
    public void Length_is_end_minus_start()
    {
        Assert.Equal(TimeSpan.FromDays(31), new Period(Start, End).Length);
    }

    [Fact]
    public void ToString_shows_the_half_open_interval()
    {
        Assert.Equal("[2025-01-01T00:00:00.0000000+00:00, 2025-02-01T00:00:00.0000000+00:00)", new Period(Start, End).ToString());
    }
}
