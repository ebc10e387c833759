using CrmGrpc.Server.Hosting;
using Grpc.Core;

namespace CrmGrpc.Server.Tests.Hosting;

/// <summary>Heavy work runs on its own low-priority threads, stays there across awaits and parallel loops, and is admitted in bounded numbers.</summary>
public sealed class HeavyWorkTests
{
    private static HeavyWork Create(int maxConcurrent = 2, int maxQueued = 32, int nice = 10) =>
        new(Microsoft.Extensions.Options.Options.Create(new HeavyWorkOptions { Threads = 2, MaxConcurrent = maxConcurrent, MaxQueued = maxQueued, Nice = nice }));

    [Fact]
    public async Task Work_and_its_continuations_and_parallel_loops_run_on_the_heavy_threads()
    {
        using var heavy = Create();
        var threads = await heavy.RunAsync(async () =>
        {
            var names = new List<string?> { Thread.CurrentThread.Name };
            await Task.Delay(10);
            names.Add(Thread.CurrentThread.Name);
            var inLoop = new System.Collections.Concurrent.ConcurrentBag<string?>();
            Parallel.For(0, 64, new ParallelOptions { TaskScheduler = TaskScheduler.Current }, _ =>
            {
                Thread.SpinWait(10_000);
                inLoop.Add(Thread.CurrentThread.Name);
            });
            names.AddRange(inLoop);
            return names;
        }, CancellationToken.None);

        Assert.All(threads, name => Assert.StartsWith("crm-heavy-", name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_heavy_threads_run_at_the_configured_nice_value()
    {
        // The service runs on Linux; elsewhere the nice value is left alone.
        Assert.True(OperatingSystem.IsLinux(), "this test reads /proc");
        using var heavy = Create(nice: 7);

        var nice = await heavy.RunAsync(() => Task.FromResult(ReadOwnNice()), CancellationToken.None);

        Assert.Equal(7, nice);
        Assert.Equal(0, ReadOwnNice());
    }

    [Fact]
    public async Task Calls_beyond_the_running_and_waiting_bounds_are_refused_with_resource_exhausted()
    {
        using var heavy = Create(maxConcurrent: 1, maxQueued: 1);
        var release = new TaskCompletionSource();
        var running = heavy.RunAsync(async () => { await release.Task; return 1; }, CancellationToken.None);
        var waiting = heavy.RunAsync(() => Task.FromResult(2), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<RpcException>(() => heavy.RunAsync(() => Task.FromResult(3), CancellationToken.None));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(HeavyWork.RefusedRetryDelay, refused.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>()?.RetryDelay.ToTimeSpan());
        Assert.False(waiting.IsCompleted);
        release.SetResult();
        Assert.Equal((1, 2), (await running, await waiting));
        Assert.Equal(4, await heavy.RunAsync(() => Task.FromResult(4), CancellationToken.None));
    }

    [Fact]
    public async Task A_waiting_call_that_is_cancelled_leaves_its_place()
    {
        using var heavy = Create(maxConcurrent: 1, maxQueued: 1);
        var release = new TaskCompletionSource();
        var running = heavy.RunAsync(async () => { await release.Task; return 1; }, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = heavy.RunAsync(() => Task.FromResult(2), cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        var next = heavy.RunAsync(() => Task.FromResult(3), CancellationToken.None);
        release.SetResult();
        Assert.Equal((1, 3), (await running, await next));
    }

    // The 19th field of /proc/thread-self/stat is the nice value; the comm field (2nd) may hold spaces, so count after its ')'.
    private static int ReadOwnNice()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }
}
