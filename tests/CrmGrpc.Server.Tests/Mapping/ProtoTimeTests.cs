using CrmGrpc.Server.Mapping;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Server.Tests.Mapping;

public sealed class ProtoTimeTests
{
    [Fact]
    public void Unset_is_default_so_validation_reports_it_as_required() => Assert.Equal(default, ProtoTime.ToInstant(null));

    [Fact]
    public void Instants_are_kept_to_the_millisecond() =>
        Assert.Equal(
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
            ProtoTime.ToInstant(new Timestamp { Seconds = 1_700_000_000, Nanos = 123_999_999 }));

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Out_of_range_seconds_are_clamped_not_thrown(long seconds)
    {
        var instant = ProtoTime.ToInstant(new Timestamp { Seconds = seconds });
        Assert.NotEqual(default, instant);
        Assert.True(instant.Year is 1 or 9999);
    }
}
