namespace CrmGrpc.Domain.Validation;

/// <summary>
/// The largest amount one stored row may carry. 10^15 minor units is ten trillion in a two-decimal currency:
/// far beyond any real order, yet small enough that a book-wide sum of ten million such rows stays finite and
/// a per-customer sum can only overflow 64 bits after thousands of them (which the store then rejects by row).
/// </summary>
public static class MoneyLimits
{
    public const long MaxAmountMinor = 1_000_000_000_000_000;
}
