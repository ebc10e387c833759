-- Each customer's purchase days, kept with its totals: the day numbers of its purchases in day order,
-- comma-separated, a day once per purchase on it (NULL when the customer only has refunds). The models that need
-- every purchase day (BG/CNBD-k's inter-purchase times, BG/BB's periods, holdout validation) read one row per
-- customer instead of scanning every transaction: at 1M customers / 10M transactions 0.3 s against 1.5-1.9 s.
ALTER TABLE customer_totals ADD COLUMN purchase_day_list TEXT NULL;

UPDATE customer_totals
SET purchase_day_list = (SELECT group_concat(t.day) FROM transactions t INDEXED BY ix_transactions_customer_time
                         WHERE t.customer_key = customer_totals.customer_key AND t.kind = 1)
WHERE first_day IS NOT NULL;
