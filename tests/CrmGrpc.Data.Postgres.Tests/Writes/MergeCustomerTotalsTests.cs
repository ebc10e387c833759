using CrmGrpc.Data.Postgres.Tests.TestSupport;

namespace CrmGrpc.Data.Postgres.Tests.Writes;

/// <summary>
/// merge_customer_totals (a write's new rows added to the stored totals) gives exactly what refresh_customer_totals (every
/// row of the customer read again) gives, whatever the new rows do to each total: an earlier, the same or a later first
/// purchase day, same-day purchases, refunds only, costs known and unknown, customers with and without earlier rows.
/// </summary>
public sealed class MergeCustomerTotalsTests
{
    private const string Columns = """
        customer_key, latest_day, first_day, last_day, purchase_days, purchases, purchase_minor, refund_minor, first_day_minor,
        last_purchase_at, earliest_at, latest_at, cost_minor, cost_rows, upsells, purchase_day_list
        """;

    [Theory]
    [InlineData(0.11)]
    [InlineData(0.52)]
    [InlineData(0.93)]
    public async Task Merging_new_rows_equals_recomputing_every_row(double seed)
    {
        await using var store = await PgTestStore.CreateAsync();
        await store.ExecuteAsync("""
            INSERT INTO customers (key, id, name, email, segment, channel, acquired_at, create_time, update_time)
            SELECT k, 'c-' || k, 'n', 'e', 's', 'w', 0, 0, 0 FROM generate_series(1, 300) k;
            """);
        // Earlier rows for customers 1–200 on days 10–40, then new rows for customers 100–300 on days 0–50: the new first
        // purchase day falls before, on or after the stored one, and customers 201–300 have no totals row yet.
        await InsertRandomAsync(store, seed, fromCustomer: 1, toCustomer: 200, fromDay: 10, toDay: 40, rows: 1_500);
        await store.ExecuteAsync("SELECT refresh_customer_totals(ARRAY(SELECT key FROM customers))");
        var mark = await store.ScalarAsync<long>("SELECT max(seq) FROM transactions");
        await InsertRandomAsync(store, -seed, fromCustomer: 100, toCustomer: 300, fromDay: 0, toDay: 50, rows: 1_500);

        await store.ExecuteAsync("SELECT merge_customer_totals(@mark)", new { mark });
        var merged = await store.QueryAsync<string>($"SELECT ({Columns})::text FROM customer_totals ORDER BY customer_key");
        await store.ExecuteAsync("SELECT refresh_customer_totals(ARRAY(SELECT key FROM customers))");
        var recomputed = await store.QueryAsync<string>($"SELECT ({Columns})::text FROM customer_totals ORDER BY customer_key");

        Assert.True(recomputed.Count > 250, $"only {recomputed.Count} customers have totals");
        Assert.Equal(recomputed, merged);
    }

    [Fact]
    public async Task A_merge_past_64_bits_raises_out_of_range_as_the_refresh_does()
    {
        await using var store = await PgTestStore.CreateAsync();
        await store.ExecuteAsync("""
            INSERT INTO customers (key, id, name, email, segment, channel, acquired_at, create_time, update_time) VALUES (1, 'c-1', 'n', 'e', 's', 'w', 0, 0, 0);
            INSERT INTO transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, product, category)
            VALUES ('t-1', 1, 0, 9223372036854775000, 'USD', 1, 1, 'p', 'c');
            SELECT refresh_customer_totals(ARRAY[1::bigint]);
            INSERT INTO transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, product, category)
            VALUES ('t-2', 1, 0, 1000, 'USD', 1, 1, 'p', 'c');
            """);

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => store.ExecuteAsync("SELECT merge_customer_totals(1)"));
        Assert.Equal("22003", error.SqlState);
    }

    private static Task InsertRandomAsync(PgTestStore store, double seed, int fromCustomer, int toCustomer, int fromDay, int toDay, int rows) =>
        store.ExecuteAsync("""
            SELECT setseed(@seed);
            INSERT INTO transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, cost_minor, product, category)
            SELECT 't-' || @seed || '-' || i, c, d::bigint * 86400000 + (random() * 86399999)::bigint, 1 + (random() * 5000)::bigint, 'USD',
                   CASE WHEN random() < 0.15 THEN 2 ELSE 1 END, 1 + floor(random() * 4)::int,
                   CASE WHEN random() < 0.5 THEN (random() * 900)::bigint END, 'p', 'c'
            FROM (SELECT i, @fromCustomer + (random() * (@toCustomer - @fromCustomer))::int AS c,
                         @fromDay + (random() * (@toDay - @fromDay))::int AS d
                  FROM generate_series(1, @rows) i) r;
            """, new { seed, fromCustomer, toCustomer, fromDay, toDay, rows });
}
