using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Limits;

/// <summary>
/// The per-caller limiters, one partition per caller: a token bucket for calls and a concurrency limiter for streams.
/// </summary>
/// <remarks>
/// <see cref="PartitionedRateLimiter"/> keeps a limiter per key and, on its own 100 ms timer, drops any that has been
/// idle for 10 s (a token bucket when it is full again, a concurrency limiter when nothing is held), so callers that
/// come and go (addresses) do not accumulate. The same timer refills the buckets (partitions do not run timers of
/// their own) by the rate times the time elapsed, so tokens come back smoothly, at most a tick late: a refusal's retry
/// delay adds one tick to the bucket's own estimate.
/// </remarks>
public sealed class CallerLimits : IAsyncDisposable, IDisposable
{
    /// <summary>How often the partitioned limiter refills its buckets and looks for idle partitions.</summary>
    public static readonly TimeSpan RefillTick = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// What a refused stream is told to wait: when one of the caller's streams will end cannot be known, and a
    /// second is long enough not to spin and short enough for a stream that was about to end.
    /// </summary>
    public static readonly TimeSpan StreamRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The rate is given per second, so the bucket's period is a second (<c>TokensPerPeriod</c> = the rate). The bucket's
    /// RetryAfter is one whole period: an upper bound (a token is back after 1/rate s), which gives a retry the margin
    /// of a loaded machine whose timer runs late.
    /// </summary>
    private static readonly TimeSpan RefillPeriod = TimeSpan.FromSeconds(1);

    private readonly PartitionedRateLimiter<string>? _calls;
    private readonly PartitionedRateLimiter<string>? _streams;

    public CallerLimits(IOptions<LimitsOptions> options)
    {
        var limits = options.Value;
        RequestsPerSecond = limits.RequestsPerSecond;
        Burst = limits.EffectiveBurst;
        ConcurrentStreams = limits.ConcurrentStreams;
        if (RequestsPerSecond > 0)
        {
            var bucket = new TokenBucketRateLimiterOptions
            {
                TokenLimit = Burst,
                TokensPerPeriod = RequestsPerSecond,
                ReplenishmentPeriod = RefillPeriod,
                QueueLimit = 0, // refused at once, never held: a held call would cost a connection slot and memory
                AutoReplenishment = false,
            };
            _calls = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => bucket));
        }

        if (ConcurrentStreams > 0)
        {
            var concurrency = new ConcurrencyLimiterOptions { PermitLimit = ConcurrentStreams, QueueLimit = 0 };
            _streams = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetConcurrencyLimiter(caller, _ => concurrency));
        }
    }

    public int RequestsPerSecond { get; }

    public int Burst { get; }

    public int ConcurrentStreams { get; }

    /// <summary>Whether any limit is on; when none is, the middleware passes every call straight through.</summary>
    public bool Enabled => _calls is not null || _streams is not null;

    /// <summary>Takes one of <paramref name="caller"/>'s call tokens; null when the rate is not limited.</summary>
    public RateLimitLease? AcquireCall(string caller) => _calls?.AttemptAcquire(caller);

    /// <summary>Takes one of <paramref name="caller"/>'s stream places, held until the lease is disposed; null when not limited.</summary>
    public RateLimitLease? AcquireStream(string caller) => _streams?.AttemptAcquire(caller);

    /// <summary>How long a caller refused by the rate limit should wait: the bucket's estimate plus one refill tick.</summary>
    public static TimeSpan CallRetryDelay(RateLimitLease refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        var estimate = refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : RefillPeriod;
        return estimate + RefillTick;
    }

    public void Dispose()
    {
        _calls?.Dispose();
        _streams?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_calls is not null)
        {
            await _calls.DisposeAsync();
        }

        if (_streams is not null)
        {
            await _streams.DisposeAsync();
        }
    }
}
