namespace CrmGrpc.Domain.Validation;

/// <summary>
/// What validation needs from outside the row: the book's currency, the current time, and whether the book
/// records zero-value purchases (free or fully discounted orders) as purchases.
/// </summary>
public sealed record ValidationContext(string BookCurrency, DateTimeOffset Now, bool AllowZeroAmountPurchases = false)
{
    /// <summary>No real event is older than this.</summary>
    public static readonly DateTimeOffset EarliestPlausible = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Clocks drift and time zones confuse: allow a day into the future, no more.</summary>
    public DateTimeOffset LatestPlausible => Now.AddDays(1);
}
