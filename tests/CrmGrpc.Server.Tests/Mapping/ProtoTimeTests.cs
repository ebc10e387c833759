using CrmGrpc.Contracts.V1;
using CrmGrpc.Domain.Errors;
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

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 999_999_999)]
    [InlineData(ProtoTime.MinSeconds, 0)]
    [InlineData(ProtoTime.MaxSeconds, 999_999_999)]
    public void A_timestamp_in_range_has_no_violation(long seconds, int nanos) =>
        Assert.Empty(ProtoTime.Violations(new GetCustomerMetricsRequest { AsOf = new Timestamp { Seconds = seconds, Nanos = nanos } }));

    [Theory]
    [InlineData(0, -1, "nanos")]
    [InlineData(0, 1_000_000_000, "nanos")]
    [InlineData(0, int.MinValue, "nanos")]
    [InlineData(ProtoTime.MinSeconds - 1, 0, "seconds")]
    [InlineData(ProtoTime.MaxSeconds + 1, 0, "seconds")]
    [InlineData(long.MaxValue, 0, "seconds")]
    public void A_timestamp_out_of_range_is_a_bad_timestamp_naming_its_field(long seconds, int nanos, string part)
    {
        var violation = Assert.Single(ProtoTime.Violations(new GetCustomerMetricsRequest { AsOf = new Timestamp { Seconds = seconds, Nanos = nanos } }));

        Assert.Equal("as_of", violation.Field);
        Assert.Equal(RejectionReason.BadTimestamp, violation.Reason);
        Assert.StartsWith($"{part} must be between", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_repeated_and_map_timestamps_are_named_by_their_path()
    {
        var bad = new Timestamp { Nanos = -1 };
        var good = new Timestamp { Seconds = 1_700_000_000 };
        var imports = new ImportTransactionsRequest
        {
            Transactions = { new Transaction { OccurredAt = good }, new Transaction { OccurredAt = bad } },
        };
        var create = new CreateCustomerRequest { Customer = new Customer { AcquiredAt = good, ChurnedAt = bad } };
        var series = new GetMetricSeriesRequest { Range = new Period { Start = bad, End = bad } };

        Assert.Equal(["transactions[1].occurred_at"], ProtoTime.Violations(imports).Select(v => v.Field));
        Assert.Equal(["customer.churned_at"], ProtoTime.Violations(create).Select(v => v.Field));
        Assert.Equal(["range.start", "range.end"], ProtoTime.Violations(series).Select(v => v.Field));
    }

    [Fact]
    public void A_message_without_timestamps_has_no_violation() =>
        Assert.Empty(ProtoTime.Violations(new GetCustomerRequest { Id = "c-1" }));
}
