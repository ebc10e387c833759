using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace CrmGrpc.Bench.Hosting;

/// <summary>
/// The real server as a child process: <c>dotnet CrmGrpc.Server.dll --urls http://127.0.0.1:0</c> and the store's
/// arguments (<c>--db FILE</c>, or <c>--store postgres --pg …</c>).
/// Its port comes from the "Now listening on:" line of its log; it is ready when grpc.health.v1 says SERVING.
/// Its output goes to a log file (the last lines are kept for error messages). Disposing stops it: SIGTERM,
/// then a kill if it has not exited within the grace period.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);
    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _lastLines = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private bool _stopped;

    private ServerProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    public Uri Address { get; private set; } = null!;

    public static async Task<ServerProcess> StartAsync(
        FileInfo dll, IReadOnlyList<string> storeArguments, string logPath, IReadOnlyList<string> extraArguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(logPath))!,
        };
        // No web endpoint unless --server-arg asks for one (a later --web-urls wins): the default one has a fixed port.
        foreach (var argument in new[] { dll.FullName, "--urls", "http://127.0.0.1:0", "--web-urls", "none" }.Concat(storeArguments).Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        // The server's own defaults otherwise (FULL synchronous, its GC mode, its log levels): what users run.
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, new StreamWriter(logPath, append: false) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        if (!process.Start())
        {
            throw new BenchException("could not start the server");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            var exited = process.WaitForExitAsync(timeout.Token);
            var first = await Task.WhenAny(server._listening.Task, exited);
            if (first != server._listening.Task)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new BenchException(process.HasExited
                    ? $"the server exited with code {process.ExitCode} before listening:{Environment.NewLine}{server.LastLines()}"
                    : $"the server did not report its address within {StartTimeout.TotalSeconds:N0} s:{Environment.NewLine}{server.LastLines()}");
            }

            server.Address = await server._listening.Task;
            await server.WaitServingAsync(timeout.Token);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last lines the server wrote, for error messages.</summary>
    public string LastLines()
    {
        lock (_gate)
        {
            return string.Join(Environment.NewLine, _lastLines.Select(l => "  | " + l));
        }
    }

    /// <summary>CPU time the server has used so far (user + system); zero once it is stopped (or disposed).</summary>
    public TimeSpan CpuTime()
    {
        lock (_gate)
        {
            // A phase after a stopped server's last one (the CLI import after the mixed load) still asks it.
            if (_stopped)
            {
                return TimeSpan.Zero;
            }
        }

        _process.Refresh();
        return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
    }

    /// <summary>The resident set now (VmRSS), in bytes.</summary>
    public long WorkingSetBytes() => ProcStatus("VmRSS:") ?? RefreshedWorkingSet();

    /// <summary>The largest resident set since the server started (VmHWM), in bytes, when the OS tells it.</summary>
    public long? PeakWorkingSetBytes() => ProcStatus("VmHWM:");

    /// <summary>Stops the server: SIGTERM (graceful: Kestrel drains, the store closes), a kill after the grace period.</summary>
    public async Task StopAsync()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        try
        {
            if (!_process.HasExited)
            {
                if (OperatingSystem.IsWindows() || Kill(_process.Id, SigTerm) != 0)
                {
                    _process.Kill(entireProcessTree: true);
                }

                using var grace = new CancellationTokenSource(StopGrace);
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }

            // Let the asynchronous readers flush the last lines.
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private async Task WaitServingAsync(CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(Address);
        var health = new Health.HealthClient(channel);
        while (true)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (Grpc.Core.RpcException) when (!cancellationToken.IsCancellationRequested && !_process.HasExited)
            {
                // Not up yet.
            }

            if (_process.HasExited)
            {
                throw new BenchException($"the server exited with code {_process.ExitCode} while starting:{Environment.NewLine}{LastLines()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log.WriteLine(line);
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    private long? ProcStatus(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux, or the process is gone.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private long RefreshedWorkingSet()
    {
        _process.Refresh();
        return _process.HasExited ? 0 : _process.WorkingSet64;
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
