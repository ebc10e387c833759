namespace CrmGrpc.Bench.Measurement;

/// <summary>Samples a size (a working set, a file) every <see cref="Interval"/> until disposed and keeps the largest sample.</summary>
internal sealed class WorkingSetSampler : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly Func<long> _sample;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;
    private long _samples;

    public WorkingSetSampler(Func<long> sample)
    {
        _sample = sample;
        Observe();
        _loop = Task.Run(LoopAsync);
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    public long Samples => Interlocked.Read(ref _samples);

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        Observe();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Observe();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Observe()
    {
        var bytes = _sample();
        Interlocked.Increment(ref _samples);
        long seen;
        while (bytes > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, bytes, seen) != seen)
        {
        }
    }
}
