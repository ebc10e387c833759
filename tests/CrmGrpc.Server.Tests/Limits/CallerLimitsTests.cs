using System.Diagnostics;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Limits;
using CrmGrpc.Server.Tests.Auth;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Tests.Limits;

/// <summary>Per-caller limits: calls per second (token bucket) and streams at once, refused as RESOURCE_EXHAUSTED with a RetryInfo.</summary>
public sealed class CallerLimitsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private Task<InProcessServer> StartAsync(params string[] args) => InProcessServer.StartAsync(_directory.File("crm.db"), args);

    [Fact]
    public async Task A_burst_over_the_rate_is_refused_with_a_retry_delay_and_passes_again_after_it()
    {
        await using var server = await StartAsync("--Crm:Limits:RequestsPerSecond=2", "--Crm:Limits:Burst=4");
        var customers = server.Customers;

        var (passed, refusal) = await CallUntilRefusedAsync(() => customers.GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }).ResponseAsync);

        // A refill may land during the burst: at least the bucket's four pass, and not many more.
        Assert.InRange(passed, 4, 10);
        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
        Assert.Contains("Crm:Limits:RequestsPerSecond", refusal.Status.Detail, StringComparison.Ordinal);
        var delay = RetryDelay(refusal);
        Assert.InRange(delay, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

        await Task.Delay(delay);
        var again = await Assert.ThrowsAsync<RpcException>(() => customers.GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Two_callers_are_limited_separately()
    {
        await using var server = await StartAsync([.. AuthTestSupport.KeyArguments(), "--Crm:Limits:RequestsPerSecond=1", "--Crm:Limits:Burst=3"]);
        var reader = KeyedCustomers(server, AuthTestSupport.Keys[Role.Reader]);
        var writer = KeyedCustomers(server, AuthTestSupport.Keys[Role.Writer]);

        var (_, refusal) = await CallUntilRefusedAsync(() => reader.GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);

        // The reader is out of calls; the writer, same address, has its own bucket.
        for (var i = 0; i < 3; i++)
        {
            var call = await Assert.ThrowsAsync<RpcException>(() => writer.GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, call.StatusCode);
        }
    }

    [Fact]
    public async Task A_stream_beyond_ConcurrentStreams_is_refused_while_the_others_are_open_and_accepted_once_one_ends()
    {
        await using var server = await StartAsync("--Crm:Limits:ConcurrentStreams=2");
        var reflection = new ServerReflection.ServerReflectionClient(server.Channel);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        using var first = reflection.ServerReflectionInfo(deadline: deadline);
        using var second = reflection.ServerReflectionInfo(deadline: deadline);
        await ListServicesAsync(first);
        await ListServicesAsync(second);

        using (var third = reflection.ServerReflectionInfo(deadline: deadline))
        {
            // Read only: the server refuses on the call's headers, and a request written meanwhile could race the refusal
            // and fail on the client's side first (seen once in CI as CANCELLED).
            var refusal = await Assert.ThrowsAsync<RpcException>(() => third.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
            Assert.Contains("Crm:Limits:ConcurrentStreams", refusal.Status.Detail, StringComparison.Ordinal);
            Assert.Equal(CallerLimits.StreamRetryDelay, RetryDelay(refusal));
        }

        // Unary calls are not streams: they pass while both places are taken.
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(
            () => server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }).ResponseAsync)).StatusCode);

        await first.RequestStream.CompleteAsync();
        Assert.False(await first.ResponseStream.MoveNext());

        // The server releases the place as the call's pipeline unwinds, just after the client saw the end.
        var fourthAccepted = false;
        var waited = Stopwatch.StartNew();
        while (!fourthAccepted && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            using var fourth = reflection.ServerReflectionInfo(deadline: deadline);
            try
            {
                await ListServicesAsync(fourth);
                fourthAccepted = true;
                await fourth.RequestStream.CompleteAsync();
            }
            catch (RpcException refused) when (refused.StatusCode is StatusCode.ResourceExhausted or StatusCode.Cancelled)
            {
                // Still refused (or the request raced the refusal, as above): try again.
                await Task.Delay(20);
            }
        }

        Assert.True(fourthAccepted, "a stream was still refused 5 s after one of the two ended");
        await second.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task Health_is_never_limited()
    {
        await using var server = await StartAsync("--Crm:Limits:RequestsPerSecond=1", "--Crm:Limits:Burst=1", "--Crm:Limits:ConcurrentStreams=1");
        var (_, refusal) = await CallUntilRefusedAsync(() => server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);

        var health = new Health.HealthClient(server.Channel);
        for (var i = 0; i < 20; i++)
        {
            await health.CheckAsync(new HealthCheckRequest());
        }

        // Two watches at once, over a ConcurrentStreams of 1: health streams are not counted either.
        using var watchA = health.Watch(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        using var watchB = health.Watch(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.True(await watchA.ResponseStream.MoveNext());
        Assert.True(await watchB.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task Without_limits_nothing_is_refused()
    {
        await using var server = await StartAsync();

        var calls = Enumerable.Range(0, 60).Select(_ => Status(() => server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }).ResponseAsync));
        Assert.All(await Task.WhenAll(calls), status => Assert.Equal(StatusCode.NotFound, status));

        var reflection = new ServerReflection.ServerReflectionClient(server.Channel);
        var streams = Enumerable.Range(0, 8).Select(_ => reflection.ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30))).ToList();
        try
        {
            await Task.WhenAll(streams.Select(ListServicesAsync));
        }
        finally
        {
            streams.ForEach(s => s.Dispose());
        }
    }

    [Theory]
    [InlineData("RequestsPerSecond", "-1")]
    [InlineData("Burst", "-1")]
    [InlineData("ConcurrentStreams", "-5")]
    public async Task A_negative_limit_stops_the_server_at_start(string setting, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync($"--Crm:Limits:{setting}={value}"));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_burst_below_the_rate_stops_the_server_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync("--Crm:Limits:RequestsPerSecond=10", "--Crm:Limits:Burst=5"));

        Assert.Contains("Crm:Limits:Burst", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Calls as fast as it can until one is refused (at most 40 calls); returns how many passed, and the refusal.</summary>
    private static async Task<(int Passed, RpcException Refusal)> CallUntilRefusedAsync(Func<Task> call)
    {
        for (var passed = 0; passed < 40; passed++)
        {
            try
            {
                await call();
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.ResourceExhausted)
            {
                return (passed, error);
            }
            catch (RpcException)
            {
                // NOT_FOUND: the call went through the limits.
            }
        }

        throw new Xunit.Sdk.XunitException("40 calls in a row passed: nothing was limited");
    }

    private static async Task<StatusCode> Status(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }

    private static TimeSpan RetryDelay(RpcException refusal)
    {
        var retry = refusal.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        return retry.RetryDelay.ToTimeSpan();
    }

    private static CustomerService.CustomerServiceClient KeyedCustomers(InProcessServer server, string key) =>
        new(server.Channel.Intercept(metadata =>
        {
            metadata.Add(CallerAuthenticator.ApiKeyHeader, key);
            return metadata;
        }));

    private static async Task ListServicesAsync(AsyncDuplexStreamingCall<ServerReflectionRequest, ServerReflectionResponse> call)
    {
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext());
    }
}
