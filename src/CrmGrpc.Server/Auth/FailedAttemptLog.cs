namespace CrmGrpc.Server.Auth;

/// <summary>
/// Logs refused calls (no credentials, an unknown key, a role too low) with the method and the caller's address — never
/// the key, only a known key's name — at most <see cref="MaxPerWindow"/> lines per <see cref="Window"/>, so a caller
/// guessing keys cannot flood the log. The first line of the next window counts the ones left out.
/// </summary>
public sealed partial class FailedAttemptLog(ILogger<FailedAttemptLog> logger, TimeProvider time)
{
    public const int MaxPerWindow = 20;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _logged;
    private long _suppressed;

    public void Unauthenticated(string method, string address, bool credentialsSent)
    {
        if (TryTake(out var suppressed))
        {
            LogUnauthenticated(logger, method, address, credentialsSent ? "an API key that matches none" : "no credentials", suppressed);
        }
    }

    public void Denied(string method, string address, Caller caller, Role required)
    {
        if (TryTake(out var suppressed))
        {
            LogDenied(logger, method, address, caller.Name, Roles.Name(caller.Role), Roles.Name(required), suppressed);
        }
    }

    /// <summary>Whether this attempt may be logged, and how many were left out before it.</summary>
    private bool TryTake(out long suppressedBefore)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now - _windowStart >= Window)
            {
                _windowStart = now;
                _logged = 0;
            }

            if (_logged < MaxPerWindow)
            {
                _logged++;
                suppressedBefore = _suppressed;
                _suppressed = 0;
                return true;
            }

            _suppressed++;
            suppressedBefore = 0;
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Unauthenticated call to {Method} from {RemoteAddress}: {Reason} ({Suppressed} earlier refusals not logged)")]
    private static partial void LogUnauthenticated(ILogger logger, string method, string remoteAddress, string reason, long suppressed);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Permission denied for {Method} from {RemoteAddress}: caller '{CallerName}' has {Role}, needs {Required} ({Suppressed} earlier refusals not logged)")]
    private static partial void LogDenied(ILogger logger, string method, string remoteAddress, string callerName, string role, string required, long suppressed);
}
