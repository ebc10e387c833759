using CrmGrpc.Domain.Entities;

namespace CrmGrpc.Domain.Tests.Entities;

public class EngagementTests
{
    [Theory]
    [InlineData(SurveyKind.Nps, 0, 10)]
    [InlineData(SurveyKind.Csat, 1, 5)]
    [InlineData(SurveyKind.Ces, 1, 7)]
    public void ScaleOf_gives_each_surveys_inclusive_range(SurveyKind kind, int min, int max)
    {
        Assert.Equal((min, max), SurveyResponse.ScaleOf(kind));
    }

    [Fact]
    public void ScaleOf_an_undefined_kind_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyResponse.ScaleOf((SurveyKind)0));
    }

    [Fact]
    public void CrmChange_SameContentAs_equal_content_in_other_instances()
    {
        var a = Samples.Change();
        var b = Samples.Change() with { TreatedCustomerIds = new List<string>(a.TreatedCustomerIds) };

        Assert.True(a.SameContentAs(b));
    }

    public static TheoryData<string> Fields => ["id", "name", "effective_at", "description", "treated_segment", "treated_customer_ids"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void CrmChange_SameContentAs_any_field_differing_is_other_content(string field)
    {
        var a = Samples.Change();
        var b = field switch
        {
            "id" => a with { Id = "ch-2" },
            "name" => a with { Name = "other" },
            "effective_at" => a with { EffectiveAt = a.EffectiveAt.AddMilliseconds(1) },
            "description" => a with { Description = "" },
            "treated_segment" => a with { TreatedSegment = "enterprise" },
            _ => a with { TreatedCustomerIds = ["c-1", "c-3"] },
        };

        Assert.False(a.SameContentAs(b));
        Assert.False(b.SameContentAs(a));
    }

    [Fact]
    public void CrmChange_SameContentAs_a_customer_added_or_removed_is_other_content()
    {
        var a = Samples.Change() with { TreatedCustomerIds = ["c-1", "c-2"] };

        Assert.False(a.SameContentAs(a with { TreatedCustomerIds = ["c-1", "c-2", "c-3"] }));
        Assert.False(a.SameContentAs(a with { TreatedCustomerIds = ["c-1"] }));
        Assert.False(a.SameContentAs(a with { TreatedCustomerIds = [] }));
    }

    [Fact]
    public void CrmChange_SameContentAs_ignores_the_order_of_the_treated_customer_set()
    {
        // The contract and METRICS.md call the treated customers a set: a replay listing them in another order
        // is the same change, not a conflict.
        var a = Samples.Change() with { TreatedCustomerIds = ["c-1", "c-2", "c-3"] };
        var b = a with { TreatedCustomerIds = ["c-3", "c-1", "c-2"] };

        Assert.True(a.SameContentAs(b));
    }

    [Fact]
    public void Value_entities_compare_by_content()
    {
        Assert.Equal(Samples.Spend(), Samples.Spend());
        Assert.Equal(Samples.Survey(), Samples.Survey());
        Assert.Equal(Samples.Support(), Samples.Support());
        Assert.Equal(Samples.Activity(), Samples.Activity());
        Assert.NotEqual(Samples.Activity(), Samples.Activity() with { Count = 2 });
    }
}
