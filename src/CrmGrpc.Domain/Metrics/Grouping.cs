using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Metrics;

public enum GroupDimension
{
    None = 0,
    Segment = 1,
    Channel = 2,
    Attribute = 3,
}

/// <summary>How results are broken down: by segment, channel, a customer attribute, or not at all.</summary>
public readonly record struct Grouping(GroupDimension Dimension, string AttributeKey = "")
{
    public static readonly Grouping None = new(GroupDimension.None);

    /// <summary>Spend is recorded per channel, so only whole-book and per-channel results can carry CAC.</summary>
    public bool SpendAttributable => Dimension is GroupDimension.None or GroupDimension.Channel;

    public static Grouping Create(GroupDimension dimension, string attributeKey)
    {
        if (dimension == GroupDimension.Attribute
            && (string.IsNullOrWhiteSpace(attributeKey) || attributeKey.Any(c => c == '"' || char.IsControl(c))))
        {
            throw new InvalidArgumentException("group_by.attribute_key", "must name an attribute (no quotes or control characters)");
        }

        return dimension == GroupDimension.Attribute ? new Grouping(dimension, attributeKey) : new Grouping(dimension);
    }
}
