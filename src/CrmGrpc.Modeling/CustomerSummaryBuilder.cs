namespace CrmGrpc.Modeling;

/// <summary>One purchase: who, when (any offset; the UTC calendar day is what counts) and how much.</summary>
/// <param name="CustomerId">Customer identifier.</param>
/// <param name="Timestamp">When the purchase happened.</param>
/// <param name="Amount">Purchase amount (may be negative for refunds; it is summed per day).</param>
public readonly record struct Purchase(string CustomerId, DateTimeOffset Timestamp, double Amount);

/// <summary>
/// Reference implementation of lifetimes' <c>summary_data_from_transaction_data</c>
/// (with <c>freq="D"</c> and <c>freq_multiplier</c> 1 or 7). It favours clarity over speed: the server computes
/// the same summaries in SQL and is tested against this.
/// </summary>
public static class CustomerSummaryBuilder
{
    /// <summary>
    /// Summarises purchases as of <paramref name="calibrationEnd"/>:
    /// purchases on the same UTC day are one purchase (amounts summed);
    /// purchases after the calibration end are ignored, those on that day count (the end is inclusive);
    /// x = number of purchase days after the first; t_x = last − first purchase day;
    /// T = calibration end − first purchase day; times in days, divided by 7 for weeks;
    /// monetary value = mean of the repeat purchase days' amounts (first day excluded), 0 without repeats.
    /// Customers whose first purchase is after the calibration end do not appear.
    /// </summary>
    /// <exception cref="ArgumentException">A purchase has no customer id or a non-finite amount.</exception>
    public static Dictionary<string, CustomerSummary> Build(IEnumerable<Purchase> purchases, DateOnly calibrationEnd, TimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        double daysPerUnit = unit.DaysPerUnit();
        int endDay = calibrationEnd.DayNumber;

        var amountsByDayByCustomer = new Dictionary<string, Dictionary<int, double>>(StringComparer.Ordinal);
        foreach (var purchase in purchases)
        {
            if (string.IsNullOrEmpty(purchase.CustomerId))
                throw new ArgumentException("Every purchase needs a customer id.", nameof(purchases));
            if (!double.IsFinite(purchase.Amount))
                throw new ArgumentException($"Purchase amount for customer '{purchase.CustomerId}' is not finite.", nameof(purchases));

            int day = DateOnly.FromDateTime(purchase.Timestamp.UtcDateTime).DayNumber;
            if (day > endDay) continue;

            if (!amountsByDayByCustomer.TryGetValue(purchase.CustomerId, out var amountsByDay))
            {
                amountsByDay = [];
                amountsByDayByCustomer.Add(purchase.CustomerId, amountsByDay);
            }
            amountsByDay[day] = amountsByDay.GetValueOrDefault(day) + purchase.Amount;
        }

        var summaries = new Dictionary<string, CustomerSummary>(amountsByDayByCustomer.Count, StringComparer.Ordinal);
        foreach (var (customerId, amountsByDay) in amountsByDayByCustomer)
        {
            var days = amountsByDay.Keys.ToArray();
            Array.Sort(days);
            int firstDay = days[0];
            int lastDay = days[^1];
            int frequency = days.Length - 1;

            double repeatTotal = 0;
            for (int i = 1; i < days.Length; i++) repeatTotal += amountsByDay[days[i]];

            summaries.Add(customerId, new CustomerSummary(
                frequency,
                (lastDay - firstDay) / daysPerUnit,
                (endDay - firstDay) / daysPerUnit,
                frequency > 0 ? repeatTotal / frequency : 0));
        }
        return summaries;
    }
}
