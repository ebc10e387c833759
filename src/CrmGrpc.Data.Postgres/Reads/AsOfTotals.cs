namespace CrmGrpc.Data.Postgres.Reads;

/// <summary>
/// One customer's purchase totals as of a day, computed from its transactions: what <c>customer_totals</c> holds, for
/// the customers with a transaction after the as-of day (the others read their stored row). Used as a LATERAL
/// subquery; <c>{key}</c> is the outer customer key. The inner aggregate walks the covering index
/// (customer_key, day, …) in day order, one group per day, so the first purchase day's amount and the distinct days
/// need no second pass. A customer without transactions up to the day gives one row of NULLs (no purchases).
/// </summary>
internal static class AsOfTotals
{
    private const string Template = """
        SELECT min(d.day) FILTER (WHERE d.purchases > 0) AS first_day,
               max(d.day) FILTER (WHERE d.purchases > 0) AS last_day,
               count(*) FILTER (WHERE d.purchases > 0) AS purchase_days,
               sum(d.purchases)::bigint AS purchases,
               sum(d.purchase_minor)::bigint AS purchase_minor,
               sum(d.refund_minor)::bigint AS refund_minor,
               (array_agg(d.purchase_minor ORDER BY d.day) FILTER (WHERE d.purchases > 0))[1]::bigint AS first_day_minor,
               max(d.last_purchase_at) AS last_purchase_at,
               array_agg(d.day ORDER BY d.day) FILTER (WHERE d.purchases > 0) AS days
        FROM (SELECT t.day AS day,
                     count(*) FILTER (WHERE t.kind = 1) AS purchases,
                     coalesce(sum(t.amount_minor) FILTER (WHERE t.kind = 1), 0) AS purchase_minor,
                     sum(t.amount_minor) FILTER (WHERE t.kind = 2) AS refund_minor,
                     max(t.occurred_at) FILTER (WHERE t.kind = 1) AS last_purchase_at
              FROM transactions t
              WHERE t.customer_key = {key} AND t.day <= @asOfDay{gate}
              GROUP BY t.day) d
        """;

    /// <summary>
    /// The same totals for many customers at once, one row per customer (<c>customer_key</c> first), in key order from
    /// the covering index; <paramref name="customers"/> (" AND …" over <c>t</c>) says which.
    /// </summary>
    public static string Grouped(string customers) => Template
        .Replace("SELECT min(d.day)", "SELECT d.customer_key, min(d.day)", StringComparison.Ordinal)
        .Replace("FROM (SELECT t.day AS day", "FROM (SELECT t.customer_key, t.day AS day", StringComparison.Ordinal)
        .Replace("WHERE t.customer_key = {key} AND t.day <= @asOfDay{gate}", "WHERE t.day <= @asOfDay" + customers, StringComparison.Ordinal)
        .Replace("GROUP BY t.day) d", "GROUP BY t.customer_key, t.day) d GROUP BY d.customer_key", StringComparison.Ordinal);

    /// <summary>
    /// The subquery for the customer whose key is the SQL expression <paramref name="key"/>; <paramref name="gate"/>
    /// (" AND …" over the outer row, or "") becomes a one-time filter: when false the index is not read at all.
    /// </summary>
    public static string Of(string key, string gate = "") =>
        Template.Replace("{key}", key, StringComparison.Ordinal).Replace("{gate}", gate, StringComparison.Ordinal);
}
