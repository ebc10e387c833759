using CrmGrpc.Domain.Entities;

namespace CrmGrpc.Domain.Tests.Entities;

public class CustomerTests
{
    private static Customer Make(IReadOnlyDictionary<string, string>? attributes = null) =>
        new("c-1", "Ada", "ada@example.com", "smb", "web", new DateTimeOffset(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), null,
            attributes ?? new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });

    [Fact]
    public void SameContentAs_equal_content_in_other_instances()
    {
        Assert.True(Make().SameContentAs(Make()));
    }

    [Fact]
    public void SameContentAs_ignores_attribute_order()
    {
        var forward = Make(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" });
        var backward = Make(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["c"] = "3", ["b"] = "2", ["a"] = "1" });

        Assert.True(forward.SameContentAs(backward));
        Assert.True(backward.SameContentAs(forward));
    }

    [Fact]
    public void SameContentAs_ignores_the_bookkeeping_times()
    {
        var stored = Make() with { CreateTime = DateTimeOffset.UnixEpoch, UpdateTime = DateTimeOffset.UnixEpoch.AddDays(1) };

        Assert.True(stored.SameContentAs(Make()));
    }

    [Fact]
    public void SameContentAs_compares_instants_not_offsets()
    {
        var utc = Make();
        var shifted = utc with { AcquiredAt = utc.AcquiredAt.ToOffset(TimeSpan.FromHours(3)) };

        Assert.True(utc.SameContentAs(shifted));
    }

    public static TheoryData<string> Fields => ["id", "name", "email", "segment", "channel", "acquired_at", "churned_at"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void SameContentAs_any_field_differing_is_other_content(string field)
    {
        var a = Make();
        var b = field switch
        {
            "id" => a with { Id = "c-2" },
            "name" => a with { Name = "Ada L." },
            "email" => a with { Email = "ada@example.org" },
            "segment" => a with { Segment = "enterprise" },
            "channel" => a with { Channel = "partner" },
            "acquired_at" => a with { AcquiredAt = a.AcquiredAt.AddMilliseconds(1) },
            _ => a with { ChurnedAt = a.AcquiredAt.AddDays(1) },
        };

        Assert.False(a.SameContentAs(b));
        Assert.False(b.SameContentAs(a));
    }

    [Fact]
    public void SameContentAs_attribute_added_removed_or_changed_is_other_content()
    {
        var a = Make(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });

        Assert.False(a.SameContentAs(Make(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" })));
        Assert.False(a.SameContentAs(Make(new Dictionary<string, string> { ["a"] = "1" })));
        Assert.False(a.SameContentAs(Make(new Dictionary<string, string> { ["a"] = "1", ["b"] = "3" })));
        Assert.False(a.SameContentAs(Make(new Dictionary<string, string> { ["a"] = "1", ["c"] = "2" })));
        Assert.False(a.SameContentAs(Make(new Dictionary<string, string>())));
    }
}
