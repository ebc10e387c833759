namespace CrmGrpc.Domain.Uplift;

/// <summary>A customer's transactions in one part of the windows: rows (purchases and refunds), purchases, net minor units.</summary>
public readonly record struct WindowSums(long Transactions, long Purchases, long NetMinor)
{
    public static WindowSums operator +(WindowSums a, WindowSums b) =>
        new(a.Transactions + b.Transactions, a.Purchases + b.Purchases, a.NetMinor + b.NetMinor);

    public static WindowSums Add(WindowSums a, WindowSums b) => a + b;
}

/// <summary>
/// One customer's sums in the four consecutive parts of the time line around a change, as the store reads them
/// in one pass: <see cref="Prior"/> before the baseline window (read only for HISTORICAL_CLV, else zero),
/// <see cref="Early"/> and <see cref="Late"/> the two halves of the baseline window, and <see cref="Post"/> the
/// post window. Each part is half-open; see <see cref="UpliftWindows"/>.
/// </summary>
public sealed record CustomerWindowSums(
    string CustomerId,
    string Segment,
    string Channel,
    DateTimeOffset AcquiredAt,
    WindowSums Prior,
    WindowSums Early,
    WindowSums Late,
    WindowSums Post)
{
    /// <summary>The whole baseline window.</summary>
    public WindowSums Baseline => Early + Late;
}

/// <summary>Another recorded change: when it falls inside the windows, its effect is mixed into this one's.</summary>
public readonly record struct ChangeMark(string Id, DateTimeOffset EffectiveAt);

/// <summary>What the store holds for one uplift measurement, read in one snapshot.</summary>
public sealed record UpliftObservations(
    IReadOnlyList<CustomerWindowSums> Treated,
    IReadOnlyList<CustomerWindowSums>? Control,
    DateTimeOffset? FirstTransaction,
    DateTimeOffset? LastTransaction,
    IReadOnlyList<ChangeMark> OtherChanges);
