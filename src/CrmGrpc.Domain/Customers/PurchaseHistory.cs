namespace CrmGrpc.Domain.Customers;

/// <summary>
/// A purchasing customer's buy-till-you-die inputs in whole days as of a day: repeat purchase days (x), days from
/// the first to the last purchase day (t_x), from the first purchase day to the as-of day (T), and the purchase
/// amount of the repeat days (the first day's excluded, as lifetimes' monetary value).
/// </summary>
public readonly record struct PurchaseHistory(int RepeatDays, long RecencyDays, long AgeDays, long RepeatMinor);
