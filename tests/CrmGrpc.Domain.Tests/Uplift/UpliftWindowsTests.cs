using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Domain.Tests.Uplift;

public sealed class UpliftWindowsTests
{
    private static readonly DateTimeOffset Effective = new(2024, 7, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Window_days_put_equal_half_open_windows_either_side_and_zero_means_90()
    {
        var windows = UpliftWindows.Create(Effective, 0, null, null);

        Assert.Equal(Effective.AddDays(-90), windows.BaselineStart);
        Assert.Equal(Effective.AddDays(90), windows.PostEnd);
        Assert.Equal(Effective.AddDays(-45), windows.Midpoint);
        Assert.False(windows.IsExplicit);
        Assert.True(windows.Post.Contains(Effective));      // the change's own instant is post
        Assert.False(windows.Baseline.Contains(Effective));
        Assert.Equal(Effective.AddDays(-7), UpliftWindows.Create(Effective, 7, null, null).BaselineStart);
    }

    [Fact]
    public void Explicit_windows_keep_their_ends_and_the_midpoint_is_whole_milliseconds()
    {
        var start = Effective.AddDays(-10).AddMilliseconds(-1);   // 864,000,001 ms long: odd
        var windows = UpliftWindows.Create(Effective, 0, start, Effective.AddDays(30));

        Assert.True(windows.IsExplicit);
        Assert.Equal(start.AddMilliseconds(432_000_000), windows.Midpoint);
        Assert.Equal(Effective.AddDays(30), windows.PostEnd);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3651)]
    public void Window_days_out_of_range_name_the_field(int days)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => UpliftWindows.Create(Effective, days, null, null));

        Assert.Equal("window_days", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public void Explicit_windows_come_as_a_pair_and_not_with_window_days()
    {
        var onlyStart = Assert.Throws<InvalidArgumentException>(() => UpliftWindows.Create(Effective, 0, Effective.AddDays(-1), null));
        var both = Assert.Throws<InvalidArgumentException>(() => UpliftWindows.Create(Effective, 30, Effective.AddDays(-1), Effective.AddDays(1)));

        Assert.Equal(["post_end"], onlyStart.Violations.Select(v => v.Field));
        Assert.Equal(["window_days"], both.Violations.Select(v => v.Field));
    }

    [Fact]
    public void Explicit_windows_must_keep_the_change_strictly_inside()
    {
        var error = Assert.Throws<InvalidArgumentException>(() => UpliftWindows.Create(Effective, 0, Effective, Effective));

        Assert.Equal(["baseline_start", "post_end"], error.Violations.Select(v => v.Field));
        Assert.Contains("2024-07-01T00:00:00.000Z", error.Violations[0].Description, StringComparison.Ordinal);
    }
}
