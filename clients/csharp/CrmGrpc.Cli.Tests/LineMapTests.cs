using CrmGrpc.Cli.Import;

namespace CrmGrpc.Cli.Tests;

public class LineMapTests
{
    [Fact]
    public void Consecutive_lines_are_one_run_and_positions_map_back()
    {
        var map = new LineMap();
        for (long line = 2; line < 100_002; line++)
        {
            map.Add(line);
        }

        Assert.Equal(1, map.RunCount);
        Assert.Equal(2, map.LineOf(0));
        Assert.Equal(100_001, map.LineOf(99_999));
        Assert.Null(map.LineOf(100_000));
        Assert.Null(map.LineOf(-1));
    }

    [Fact]
    public void Gaps_start_runs_and_each_position_keeps_its_own_line()
    {
        long[] lines = [2, 3, 5, 6, 7, 10, 11, 20];
        var map = new LineMap();
        foreach (var line in lines)
        {
            map.Add(line);
        }

        Assert.Equal(4, map.RunCount);
        Assert.Equal(lines, Enumerable.Range(0, lines.Length).Select(p => map.LineOf(p)!.Value));
    }

    [Fact]
    public void An_empty_map_knows_no_position() => Assert.Null(new LineMap().LineOf(0));
}
