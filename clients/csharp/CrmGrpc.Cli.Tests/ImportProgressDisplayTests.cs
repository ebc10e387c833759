using CrmGrpc.Cli.Import;
using CrmGrpc.Cli.Output;
using Microsoft.Extensions.Time.Testing;

namespace CrmGrpc.Cli.Tests;

public class ImportProgressDisplayTests
{
    [Fact]
    public void A_progress_line_has_rows_read_and_sent_the_rate_the_share_of_the_file_and_an_eta()
    {
        var line = ImportProgressDisplay.Describe("transactions", new ImportProgress(250_000, 245_000, TimeSpan.FromSeconds(2), 0.25));

        Assert.Equal("transactions: 250,000 rows read, 245,000 sent, 125,000 rows/s, 25.0 % of the file, ETA 0:00:06", line);
    }

    [Fact]
    public void On_a_terminal_the_bar_shows_the_share_and_the_line_keeps_the_eta()
    {
        var line = ImportProgressDisplay.Describe("transactions", new ImportProgress(250_000, 245_000, TimeSpan.FromSeconds(2), 0.25), withShare: false);

        Assert.Equal("transactions: 250,000 rows read, 245,000 sent, 125,000 rows/s, ETA 0:00:06", line);
    }

    [Fact]
    public void Without_a_file_position_there_is_no_share_and_no_eta()
    {
        var line = ImportProgressDisplay.Describe("customers", new ImportProgress(10, 8, TimeSpan.FromSeconds(4), null));

        Assert.Equal("customers: 10 rows read, 8 sent, 2 rows/s", line);
    }

    [Fact]
    public void Hours_of_eta_are_not_wrapped_into_days()
    {
        var progress = new ImportProgress(1_000, 1_000, TimeSpan.FromHours(13), 0.25);

        Assert.Equal(TimeSpan.FromHours(39), progress.Remaining);
        Assert.EndsWith("ETA 39:00:00", ImportProgressDisplay.Describe("activity", progress), StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_line_has_the_time_and_rows_per_second()
    {
        var line = ImportProgressDisplay.Summarize("transactions", new ImportProgress(1_000_000, 999_998, TimeSpan.FromSeconds(5), 1));

        Assert.Equal("transactions: done, 1,000,000 rows read, 999,998 sent in 5.00 s, 200,000 rows/s", line);
    }

    [Fact]
    public async Task Redirected_stderr_stays_quiet_unless_progress_is_asked_for()
    {
        var console = new TestConsole();

        await ImportProgressDisplay.RunAsync(console.Console, progressRequested: false, scope =>
        {
            var progress = scope.Start("transactions");
            progress.Report(new ImportProgress(5, 5, TimeSpan.FromSeconds(10), 0.5));
            progress.Complete(new ImportProgress(10, 10, TimeSpan.FromSeconds(20), 1));
            return Task.FromResult(0);
        });

        Assert.Equal("", console.Error);
    }

    [Fact]
    public async Task Asked_for_progress_prints_a_line_every_interval_and_a_summary()
    {
        var console = new TestConsole();
        var time = new FakeTimeProvider();

        await ImportProgressDisplay.RunAsync(console.Console, progressRequested: true, scope =>
        {
            var progress = scope.Start("transactions");
            progress.Report(new ImportProgress(5_000, 5_000, TimeSpan.FromSeconds(1), 0.1));
            time.Advance(ImportProgressDisplay.PlainInterval);
            progress.Report(new ImportProgress(10_000, 5_000, TimeSpan.FromSeconds(2), 0.2));
            time.Advance(TimeSpan.FromSeconds(1));
            progress.Report(new ImportProgress(15_000, 10_000, TimeSpan.FromSeconds(3), 0.3));
            progress.Complete(new ImportProgress(50_000, 50_000, TimeSpan.FromSeconds(10), 1));
            return Task.FromResult(0);
        }, time);

        var lines = console.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            [
                "transactions: 10,000 rows read, 5,000 sent, 5,000 rows/s, 20.0 % of the file, ETA 0:00:08",
                "transactions: done, 50,000 rows read, 50,000 sent in 10.00 s, 5,000 rows/s",
            ],
            lines);
        Assert.Equal("", console.Output);
    }
}
