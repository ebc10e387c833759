-- Per-customer purchase totals over all of a customer's transactions, kept in step by every import in its
-- own write transaction (CustomerTotals.Refresh). A scan as of a day on or after a customer's latest
-- transaction day reads this one row instead of the customer's transactions: fits and recalculations read
-- 1M rows instead of 10M, and so do portfolio metrics for customers whose whole history lies in the period.
-- Other customers are summarised from their transactions as before. Transactions are never updated or
-- deleted, so inserts are the only upkeep.
CREATE TABLE customer_totals (
    customer_key    INTEGER PRIMARY KEY REFERENCES customers (key),
    latest_day      INTEGER NOT NULL, -- the latest day of any transaction (purchase or refund)
    first_day       INTEGER NULL,     -- first purchase day; NULL when the customer only has refunds
    last_day        INTEGER NULL,     -- last purchase day
    purchase_days   INTEGER NOT NULL, -- distinct purchase days (same-day purchases are one)
    purchases       INTEGER NOT NULL, -- purchase transactions
    purchase_minor  INTEGER NOT NULL,
    refund_minor    INTEGER NOT NULL,
    first_day_minor INTEGER NULL,     -- the purchase amount of the first purchase day
    earliest_at     INTEGER NOT NULL, -- the first and last transaction instants (unix ms), any kind
    latest_at       INTEGER NOT NULL,
    cost_minor      INTEGER NOT NULL, -- the sum of the known costs, any kind, and how many are known
    cost_rows       INTEGER NOT NULL,
    upsells         INTEGER NOT NULL  -- purchases sold as upsell or cross-sell
);

-- The same aggregate as CustomerTotals.Aggregate, over every customer.
INSERT INTO customer_totals
SELECT a.customer_key, a.latest_day, a.first_day, a.last_day, a.purchase_days, a.purchases, a.purchase_minor, a.refund_minor,
       (SELECT sum(f.amount_minor) FROM transactions f INDEXED BY ix_transactions_customer_time
        WHERE f.customer_key = a.customer_key AND f.day = a.first_day AND f.kind = 1),
       a.earliest_at, a.latest_at, a.cost_minor, a.cost_rows, a.upsells
FROM (SELECT t.customer_key,
             max(t.day) AS latest_day,
             min(CASE WHEN t.kind = 1 THEN t.day END) AS first_day,
             max(CASE WHEN t.kind = 1 THEN t.day END) AS last_day,
             count(DISTINCT CASE WHEN t.kind = 1 THEN t.day END) AS purchase_days,
             count(CASE WHEN t.kind = 1 THEN 1 END) AS purchases,
             coalesce(sum(CASE WHEN t.kind = 1 THEN t.amount_minor END), 0) AS purchase_minor,
             coalesce(sum(CASE WHEN t.kind = 2 THEN t.amount_minor END), 0) AS refund_minor,
             min(t.occurred_at) AS earliest_at,
             max(t.occurred_at) AS latest_at,
             coalesce(sum(t.cost_minor), 0) AS cost_minor,
             count(t.cost_minor) AS cost_rows,
             count(CASE WHEN t.kind = 1 AND t.sale_type IN (3, 4) THEN 1 END) AS upsells
      FROM transactions t INDEXED BY ix_transactions_customer_time
      GROUP BY t.customer_key) a;
