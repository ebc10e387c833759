namespace CrmGrpc.Domain.Uplift;

public enum GroupSelectionKind
{
    /// <summary>Every customer of one segment.</summary>
    Segment = 1,

    /// <summary>An explicit list of customer ids.</summary>
    Customers = 2,

    /// <summary>Every customer of the book (a book-wide change).</summary>
    Everyone = 3,
}

/// <summary>How the customers of a treated or control group are chosen.</summary>
public sealed record GroupSelection
{
    private GroupSelection(GroupSelectionKind kind, string segment, IReadOnlyList<string> customerIds)
    {
        Kind = kind;
        Segment = segment;
        CustomerIds = customerIds;
    }

    public GroupSelectionKind Kind { get; }

    /// <summary>The segment, for <see cref="GroupSelectionKind.Segment"/>; empty otherwise.</summary>
    public string Segment { get; }

    /// <summary>The distinct ids, for <see cref="GroupSelectionKind.Customers"/>; empty otherwise.</summary>
    public IReadOnlyList<string> CustomerIds { get; }

    public static GroupSelection OfSegment(string segment)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        return new(GroupSelectionKind.Segment, segment, []);
    }

    /// <summary>The listed customers; duplicates count once.</summary>
    public static GroupSelection OfCustomers(IEnumerable<string> customerIds)
    {
        var ids = customerIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            throw new ArgumentException("at least one customer id is needed", nameof(customerIds));
        }

        return new(GroupSelectionKind.Customers, "", ids);
    }

    public static GroupSelection Everyone { get; } = new(GroupSelectionKind.Everyone, "", []);

    /// <summary>For messages: "segment 'smb'", "3 listed customers", "every customer".</summary>
    public string Describe() => Kind switch
    {
        GroupSelectionKind.Segment => $"segment '{Segment}'",
        GroupSelectionKind.Customers => CustomerIds.Count == 1 ? "1 listed customer" : $"{CustomerIds.Count} listed customers",
        _ => "every customer",
    };
}
