using System.Diagnostics;
using CrmGrpc.Contracts.V1;
using Grpc.Net.Client;

namespace CrmGrpc.Server.Tests.Infrastructure;

/// <summary>The server in a process of its own, so a test can kill it with SIGKILL mid-work.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string address)
    {
        _process = process;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    public string Address { get; }

    public GrpcChannel Channel { get; }

    public CustomerService.CustomerServiceClient Customers => new(Channel);

    public TransactionService.TransactionServiceClient Transactions => new(Channel);

    /// <summary>The server's process id, to read its memory and open files from /proc.</summary>
    public int Pid => _process.Id;

    public static async Task<ServerProcess> StartAsync(string databasePath, params string[] extraArgs)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "CrmGrpc.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            // No web endpoint unless asked for (a later --web-urls wins): the default one has a fixed port.
            ArgumentList = { serverDll, "--urls", "http://127.0.0.1:0", "--web-urls", "none" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[.. await StoreUnderTest.ArgumentsAsync(databasePath), .. extraArgs])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                const string Marker = "Now listening on: ";
                var at = line.IndexOf(Marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var address = line[(at + Marker.Length)..].Trim();
                    _ = DrainAsync(process.StandardOutput);
                    return new ServerProcess(process, address);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // No address within the minute (e.g. its log level hides the line): stop it, never leave it running.
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The server did not say where it listens within 60 s.");
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"The server exited with {process.ExitCode} before listening.");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, nothing graceful.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task DrainAsync(StreamReader output)
    {
        while (await output.ReadLineAsync() is not null)
        {
        }
    }
}
