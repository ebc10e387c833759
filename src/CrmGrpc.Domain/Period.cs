using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain;

/// <summary>
/// A half-open UTC time range [Start, End): Start is inclusive, End exclusive, so adjacent periods never
/// count the same instant twice. The one place that rule lives.
/// </summary>
public readonly record struct Period
{
    public Period(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new InvalidArgumentException("period.end", "must be after period.start");
        }

        Start = start.ToUniversalTime();
        End = end.ToUniversalTime();
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public TimeSpan Length => End - Start;

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    public override string ToString() => $"[{Start:O}, {End:O})";
}
