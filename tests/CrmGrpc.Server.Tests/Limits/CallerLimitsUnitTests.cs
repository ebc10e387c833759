using System.Net;
using System.Security.Claims;
using CrmGrpc.Server.Errors;
using CrmGrpc.Server.Limits;
using Google.Rpc;
using Microsoft.AspNetCore.Http;

namespace CrmGrpc.Server.Tests.Limits;

/// <summary>The parts of the limits that need no server: whom a call counts against, the retry delay, the status.</summary>
public sealed class CallerLimitsUnitTests
{
    private static CallerLimits Limits(int rate = 0, int burst = 0, int streams = 0) =>
        new(Microsoft.Extensions.Options.Options.Create(new LimitsOptions { RequestsPerSecond = rate, Burst = burst, ConcurrentStreams = streams }));

    [Fact]
    public void An_authenticated_caller_counts_by_name_else_by_address_without_port_or_IPv4_mapping()
    {
        var named = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "bi")], "Crm")) };
        named.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.1");
        var mapped = new DefaultHttpContext();
        mapped.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:10.0.0.2");
        mapped.Connection.RemotePort = 40_000;
        var plain = new DefaultHttpContext();
        plain.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.2");
        plain.Connection.RemotePort = 50_000;

        Assert.Equal("caller bi", CallerLimitsMiddleware.CallerKey(named));
        Assert.Equal("address 10.0.0.2", CallerLimitsMiddleware.CallerKey(mapped));
        Assert.Equal(CallerLimitsMiddleware.CallerKey(plain), CallerLimitsMiddleware.CallerKey(mapped));
    }

    [Fact]
    public void Without_settings_nothing_is_limited()
    {
        using var limits = Limits();

        Assert.False(limits.Enabled);
        Assert.Null(limits.AcquireCall("address 10.0.0.1"));
        Assert.Null(limits.AcquireStream("address 10.0.0.1"));
    }

    [Fact]
    public void The_bucket_holds_the_burst_per_caller_and_a_refusal_waits_one_refill_period_and_a_tick()
    {
        using var limits = Limits(rate: 3, burst: 5);

        var passed = Enumerable.Range(0, 5).Select(_ => limits.AcquireCall("caller a")!).ToList();
        using var refused = limits.AcquireCall("caller a")!;
        using var other = limits.AcquireCall("caller b")!;

        Assert.All(passed, lease => Assert.True(lease.IsAcquired));
        Assert.False(refused.IsAcquired);
        Assert.True(other.IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(1) + CallerLimits.RefillTick, CallerLimits.CallRetryDelay(refused));
        passed.ForEach(lease => lease.Dispose());
    }

    [Fact]
    public void Burst_defaults_to_twice_the_rate()
    {
        Assert.Equal(20, new LimitsOptions { RequestsPerSecond = 10 }.EffectiveBurst);
        Assert.Equal(12, new LimitsOptions { RequestsPerSecond = 10, Burst = 12 }.EffectiveBurst);
    }

    [Fact]
    public void A_stream_place_is_held_until_its_lease_is_disposed()
    {
        using var limits = Limits(streams: 1);

        var first = limits.AcquireStream("caller a")!;
        using (var second = limits.AcquireStream("caller a")!)
        {
            Assert.True(first.IsAcquired);
            Assert.False(second.IsAcquired);
        }

        first.Dispose();
        using var third = limits.AcquireStream("caller a")!;
        Assert.True(third.IsAcquired);
    }

    [Fact]
    public void RESOURCE_EXHAUSTED_carries_the_retry_delay_and_a_bounded_message()
    {
        var status = Statuses.ResourceExhausted(new string('x', 1_000), TimeSpan.FromMilliseconds(1_100));

        Assert.Equal((int)Code.ResourceExhausted, status.Code);
        Assert.True(status.Message.Length <= Statuses.MaxMessageChars);
        Assert.Equal(TimeSpan.FromMilliseconds(1_100), status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
    }
}
