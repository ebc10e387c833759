-- The instant of each customer's last purchase, kept with its totals: the last activity of the churn
-- definition (METRICS.md, "Churn when the book records no churn dates"). Portfolio metrics with an inactivity
-- window read it for every customer whose transactions all lie before the period's end (one row, no seek);
-- the others seek their last purchase before the end in the customer-time index.
ALTER TABLE customer_totals ADD COLUMN last_purchase_at INTEGER NULL; -- unix ms; NULL when the customer only has refunds

UPDATE customer_totals
SET last_purchase_at = (SELECT max(t.occurred_at) FROM transactions t INDEXED BY ix_transactions_customer_time
                        WHERE t.customer_key = customer_totals.customer_key AND t.day = customer_totals.last_day AND t.kind = 1)
WHERE last_day IS NOT NULL;
