using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CrmGrpc.Server.Tests.Auth;

public sealed class FailedAttemptLogTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void At_most_MaxPerWindow_lines_per_window_and_the_next_window_counts_the_rest()
    {
        var capture = new LogCapture();
        using var factory = new LoggerFactory([capture]);
        var clock = new Clock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var log = new FailedAttemptLog(factory.CreateLogger<FailedAttemptLog>(), clock);

        for (var i = 0; i < FailedAttemptLog.MaxPerWindow + 500; i++)
        {
            log.Unauthenticated("/crm.v1.CustomerService/GetCustomer", "10.0.0.7:5123", credentialsSent: true);
        }

        Assert.Equal(FailedAttemptLog.MaxPerWindow, capture.Entries.Count);
        Assert.All(capture.Entries, e => Assert.Contains("from 10.0.0.7:5123", e.Message, StringComparison.Ordinal));

        clock.Now += FailedAttemptLog.Window;
        log.Denied("/crm.v1.ModelService/FitModels", "10.0.0.8:1", new Caller("bi", Role.Reader), Role.Writer);

        Assert.Equal(FailedAttemptLog.MaxPerWindow + 1, capture.Entries.Count);
        Assert.Equal(
            "Permission denied for /crm.v1.ModelService/FitModels from 10.0.0.8:1: caller 'bi' has reader, needs writer (500 earlier refusals not logged)",
            capture.Entries[^1].Message);
    }
}
