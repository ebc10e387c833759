using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Runtime.InteropServices;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Hosting;

/// <summary>How the server runs heavy work: fits, recalculations, segmentations, portfolio aggregates, uplift (section <c>Crm:HeavyWork</c>).</summary>
public sealed class HeavyWorkOptions
{
    public const string SectionName = "Crm:HeavyWork";

    /// <summary>Threads that run heavy work; 0 means one per core.</summary>
    [Range(0, 64)]
    public int Threads { get; set; }

    /// <summary>
    /// The Linux nice value of those threads (0-19). Under contention the kernel gives a nice-0 thread (every
    /// interactive call) about ten times the CPU of a nice-10 one, so reads stay fast while heavy work runs, and heavy
    /// work still has every core to itself when nothing else runs.
    /// </summary>
    [Range(0, 19)]
    public int Nice { get; set; } = 10;

    /// <summary>Heavy calls that run at once; the others wait in turn.</summary>
    [Range(1, 64)]
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>Heavy calls that may wait; beyond, a call is refused with RESOURCE_EXHAUSTED.</summary>
    [Range(0, 10_000)]
    public int MaxQueued { get; set; } = 32;

    /// <summary>Whether the per-customer metric path is compiled on these threads at start (<see cref="MetricsWarmUp"/>).</summary>
    public bool WarmUp { get; set; } = true;
}

/// <summary>
/// Runs heavy calls on a few dedicated low-priority threads instead of the thread pool, at most
/// <see cref="HeavyWorkOptions.MaxConcurrent"/> at once. Measured before (bench load mode, 100k customers): with a fit and
/// a recalculation running, GetCustomer waited behind their work items in the pool's queue. Code awaited inside a
/// heavy call comes back to these threads, and parallel loops that take <see cref="TaskScheduler.Current"/> stay on them.
/// </summary>
public sealed partial class HeavyWork : IDisposable
{
    private readonly HeavyWorkOptions _options;
    private readonly DedicatedScheduler _scheduler;
    private readonly SemaphoreSlim _running;
    private int _admitted;
    private int _executing;

    public HeavyWork(IOptions<HeavyWorkOptions> options)
    {
        _options = options.Value;
        _scheduler = new DedicatedScheduler(_options.Threads == 0 ? Environment.ProcessorCount : _options.Threads, _options.Nice);
        _running = new SemaphoreSlim(_options.MaxConcurrent, _options.MaxConcurrent);
    }

    /// <summary>Heavy calls whose work has started and not yet ended (a cancelled call counts until its work has stopped).</summary>
    public int Executing => Volatile.Read(ref _executing);

    /// <summary>The scheduler of the heavy threads.</summary>
    public TaskScheduler Scheduler => _scheduler;

    /// <summary>The retry delay a refused heavy call is given.</summary>
    public static readonly TimeSpan RefusedRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="work"/> on the heavy threads once a slot is free; refuses it when too many wait.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _admitted) > _options.MaxConcurrent + _options.MaxQueued)
        {
            Interlocked.Decrement(ref _admitted);
            // A retry delay in the refusal, as the per-caller limits give: a waiting place frees within about a heavy call's time.
            throw Errors.Statuses.ResourceExhausted(
                $"the server is running {_options.MaxConcurrent} heavy calls with {_options.MaxQueued} waiting; try again later", RefusedRetryDelay).ToRpcException();
        }

        try
        {
            await _running.WaitAsync(cancellationToken);
            Interlocked.Increment(ref _executing);
            try
            {
                // Yield back to the pool: the caller's own continuation (writing the response) is not heavy work.
                return await Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, _scheduler).Unwrap()
                    .ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }
            finally
            {
                Interlocked.Decrement(ref _executing);
                _running.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _admitted);
        }
    }

    public void Dispose()
    {
        _scheduler.Dispose();
        _running.Dispose();
    }

    /// <summary>A fixed set of background threads taking tasks from one queue, each at the given nice value.</summary>
    private sealed partial class DedicatedScheduler : TaskScheduler, IDisposable
    {
        [ThreadStatic]
        private static bool t_isHeavyThread;

        private readonly BlockingCollection<Task> _queue = [];
        private readonly Thread[] _threads;

        public DedicatedScheduler(int threads, int nice)
        {
            _threads = new Thread[threads];
            for (var i = 0; i < threads; i++)
            {
                _threads[i] = new Thread(() => Work(nice)) { IsBackground = true, Name = $"crm-heavy-{i}" };
                _threads[i].Start();
            }
        }

        public override int MaximumConcurrencyLevel => _threads.Length;

        public void Dispose() => _queue.CompleteAdding();

        protected override void QueueTask(Task task) => _queue.Add(task);

        // Inline only on our own threads, so a task never moves heavy work onto a pool thread.
        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
            t_isHeavyThread && TryExecuteTask(task);

        protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

        private void Work(int nice)
        {
            t_isHeavyThread = true;
            if (OperatingSystem.IsLinux() && nice > 0)
            {
                // On Linux setpriority(PRIO_PROCESS, tid) sets one thread's nice value; lowering priority needs no privilege.
                _ = SetPriority(0, GetThreadId(), nice);
            }

            foreach (var task in _queue.GetConsumingEnumerable())
            {
                TryExecuteTask(task);
            }
        }

        [LibraryImport("libc", EntryPoint = "gettid")]
        private static partial int GetThreadId();

        [LibraryImport("libc", EntryPoint = "setpriority")]
        private static partial int SetPriority(int which, int who, int priority);
    }
}
