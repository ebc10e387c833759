using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace CrmGrpc.Server.Tests.Telemetry;

/// <summary>--log-format json: the server's console output, read from a process of its own, is one JSON object a line with the trace id in its scopes.</summary>
public sealed class JsonLogTests
{
    private const string GrpcEndpointMarker = "gRPC endpoint listening on: ";

    [Fact]
    public async Task Every_line_is_JSON_and_a_call_s_log_carries_its_trace_id()
    {
        using var directory = new TempDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "CrmGrpc.Server.dll"), "--urls", "http://127.0.0.1:0", "--web-urls", "none", "--db", directory.File("crm.db"), "--log-format", "json" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var lines = new ConcurrentQueue<string>();
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lines.Enqueue(line);
            var at = line.IndexOf(GrpcEndpointMarker, StringComparison.Ordinal);
            if (at >= 0)
            {
                address.TrySetResult(line[(at + GrpcEndpointMarker.Length)..].Split('"')[0]);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var channel = GrpcChannel.ForAddress(await address.Task.WaitAsync(TimeSpan.FromSeconds(60)));
            var missing = await Assert.ThrowsAsync<RpcException>(async () =>
                await new CustomerService.CustomerServiceClient(channel).GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }));
            Assert.Equal(StatusCode.NotFound, missing.StatusCode);

            var deadline = DateTime.UtcNow.AddSeconds(15);
            JsonElement? call = null;
            while (call is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                call = lines.Select(Parse).FirstOrDefault(entry =>
                    entry.GetProperty("Category").GetString() == "CrmGrpc.Server.Interceptors.LoggingInterceptor"
                    && entry.GetProperty("Message").GetString()!.Contains("GetCustomer", StringComparison.Ordinal));
            }

            Assert.True(call is not null, "no JSON log entry of the call:\n" + string.Join('\n', lines));
            var traceIds = call.Value.GetProperty("Scopes").EnumerateArray()
                .Where(scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out _))
                .Select(scope => scope.GetProperty("TraceId").GetString())
                .ToList();
            Assert.Matches("^[0-9a-f]{32}$", Assert.Single(traceIds));
            Assert.All(lines, line => Parse(line)); // every line, the host's own included
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static JsonElement Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
